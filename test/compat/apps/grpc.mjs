// A gRPC server and its client in one ES-module app, loaded the common way (proto-loader and
// loadPackageDefinition), behind a node:http front: /users/:id calls Users.GetUser, whose
// handler logs a pino line; the user `missing` answers NOT_FOUND, and the front answers 404.
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import pino from 'pino';

const logger = pino();
const definition = protoLoader.loadSync(fileURLToPath(new URL('./users.proto', import.meta.url)));
const { shop } = grpc.loadPackageDefinition(definition);

const rpcServer = new grpc.Server();
rpcServer.addService(shop.Users.service, {
  GetUser(call, callback) {
    logger.info({ id: call.request.id }, 'user looked up');
    if (call.request.id === 'missing') return callback({ code: grpc.status.NOT_FOUND, details: 'no such user' });
    callback(null, { id: call.request.id, name: 'Ada' });
  },
});
const rpcPort = await new Promise((resolve, reject) => {
  rpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
});
const users = new shop.Users(`127.0.0.1:${rpcPort}`, grpc.credentials.createInsecure());

const server = http.createServer((req, res) => {
  const id = /^\/users\/([^/]+)$/.exec(req.url ?? '')?.[1];
  if (id === undefined) return void res.writeHead(404).end();
  users.GetUser({ id }, (error, user) => {
    if (error) return void res.writeHead(error.code === grpc.status.NOT_FOUND ? 404 : 502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.details }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: user.name }));
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port, rpc: rpcPort })}\n`);
});
