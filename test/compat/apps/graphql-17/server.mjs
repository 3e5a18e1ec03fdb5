// graphql 17 as an ES-module app on plain node:http, its schema built from type objects with
// resolvers of its own (as graphql-tools and Apollo build them from resolver maps):
// - /graphql/user runs `query GetUser`, whose user resolver calls the app's /ping over fetch
//   and whose id and name fields are read off the user by graphql's default resolver;
// - /graphql/broken runs `query Broken`, whose resolver throws.
// Its documents are parsed once at start-up, outside any request.
// `graphql` resolves to graphql 17 here: test/compat/support/aliased-install.js places it in
// this folder's node_modules, under its real name, as an app that depends on it would have it.
import http from 'node:http';
import { execute, GraphQLID, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, validate } from 'graphql';

const User = new GraphQLObjectType({ name: 'User', fields: { id: { type: new GraphQLNonNull(GraphQLID) }, name: { type: GraphQLString } } });
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      user: {
        type: User,
        args: { id: { type: new GraphQLNonNull(GraphQLID) } },
        resolve: async (_source, { id }) => {
          await (await fetch(`http://127.0.0.1:${server.address().port}/ping`)).text();
          return { id, name: 'Ada' };
        },
      },
      broken: { type: GraphQLString, resolve: () => { throw new Error('resolver exploded'); } },
    },
  }),
});
const DOCUMENTS = {
  user: parse('query GetUser { user(id: "7") { id name } }'),
  broken: parse('query Broken { broken }'),
};

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://app');
  if (url.pathname === '/ping') return void res.end('pong');
  const document = url.pathname.startsWith('/graphql/') ? DOCUMENTS[url.pathname.slice('/graphql/'.length)] : undefined;
  if (document === undefined) return void res.writeHead(404).end();
  const errors = validate(schema, document);
  const result = errors.length > 0 ? { errors } : await execute({ schema, document });
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: result.data, errors: result.errors?.map((error) => error.message) }));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
