// hapi 21 as its documentation writes apps: CommonJS, routes in hapi's `{id}` syntax, a
// thrown error answered with 500, and a SIGTERM handler that stops the server and exits 0
// (hapi's recommended shutdown; the preload must leave that ending as it is).
'use strict';
const Hapi = require('@hapi/hapi');
const pino = require('pino');

const logger = pino();

async function main() {
  const server = Hapi.server({ port: 0, host: '127.0.0.1' });
  server.route({
    method: 'GET',
    path: '/users/{id}',
    handler: (request) => {
      logger.info({ path: request.path }, 'user loaded');
      return { id: request.params.id };
    },
  });
  server.route({
    method: 'GET',
    path: '/orders/{id}',
    handler: (request) => {
      logger.error({ path: request.path }, 'order store unavailable');
      throw new Error('order store unavailable');
    },
  });
  await server.start();
  process.on('SIGTERM', async () => {
    await server.stop({ timeout: 1000 });
    process.exit(0);
  });
  process.stdout.write(`${JSON.stringify({ listening: server.info.port })}\n`);
}
main();
