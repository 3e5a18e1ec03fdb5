// graphql with dataloader, as a CommonJS app on plain node:http: /graphql executes one query
// whose resolvers load two users through a DataLoader, which batches them into one load.
'use strict';
const http = require('node:http');
const { buildSchema, graphql } = require('graphql');
const DataLoader = require('dataloader');

const schema = buildSchema(`
  type User { id: ID!, name: String! }
  type Query { users(ids: [ID!]!): [User!]! }
`);
const QUERY = '{ users(ids: ["1", "2"]) { id name } }';

const server = http.createServer(async (req, res) => {
  if (req.url !== '/graphql') return void res.writeHead(404).end();
  // One loader per request, as DataLoader's documentation has it.
  const users = new DataLoader(async (ids) => ids.map((id) => ({ id, name: `user ${id}` })));
  const rootValue = { users: ({ ids }) => Promise.all(ids.map((id) => users.load(id))) };
  const result = await graphql({ schema, source: QUERY, rootValue });
  res.writeHead(result.errors ? 500 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: result.data ?? result.errors }));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
