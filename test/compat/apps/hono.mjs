// Hono 4 on @hono/node-server, as an ES module: a middleware for every path, a sub-app mounted
// on /orders whose route throws (answered with 500 by Hono's default error handler), unknown
// paths left to Hono's 404.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pino from 'pino';

const logger = pino();
const app = new Hono();
app.use('*', async (c, next) => {
  await next();
  c.header('x-served-by', 'compat-hono');
});
app.get('/users/:id', (c) => {
  logger.info({ path: c.req.path }, 'user loaded');
  return c.json({ id: c.req.param('id') });
});
const orders = new Hono();
orders.get('/:id', (c) => {
  logger.error({ path: c.req.path }, 'order store unavailable');
  throw new Error('order store unavailable');
});
app.route('/orders', orders);
// An error handler of the app's own, as most apps have (Hono's default one prints each error).
app.onError((_error, c) => c.text('Internal Server Error', 500));

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ listening: info.port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
