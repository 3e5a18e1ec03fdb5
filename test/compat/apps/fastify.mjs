// Fastify 5 as its documentation writes apps: an ES module, async handlers, the route
// parameters in Fastify's own `:id` syntax, a thrown error answered with 500.
import Fastify from 'fastify';
import pino from 'pino';

const logger = pino();
const app = Fastify();
app.get('/users/:id', async (request) => {
  logger.info({ path: request.url }, 'user loaded');
  return { id: request.params.id };
});
app.get('/orders/:id', async (request) => {
  logger.error({ path: request.url }, 'order store unavailable');
  throw new Error('order store unavailable');
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ listening: Number(new URL(address).port) })}\n`);
