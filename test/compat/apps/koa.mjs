// Koa 3 with @koa/router, as an ES module: the router's middleware on the app, a thrown error
// answered with 500 by Koa's default error handling, unknown paths left to Koa's 404.
import Router from '@koa/router';
import Koa from 'koa';
import pino from 'pino';

const logger = pino();
const app = new Koa();
// Koa prints every error it answers to stderr; the test reads stdout only.
app.silent = true;
const router = new Router();
router.get('/users/:id', (ctx) => {
  logger.info({ path: ctx.path }, 'user loaded');
  ctx.body = { id: ctx.params.id };
});
router.get('/orders/:id', (ctx) => {
  logger.error({ path: ctx.path }, 'order store unavailable');
  throw new Error('order store unavailable');
});
app.use(router.routes()).use(router.allowedMethods());
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
