// The `router` package (Express 5's router, used on its own) on a plain node:http server, as
// its README shows: a route on the top router, a router mounted on a prefix with a parameter
// (/users/:userId/orders) whose handler fails, and finalhandler, which answers unmatched paths
// with 404 and errors with 500 once the request has left the routers (req.baseUrl back to '').
'use strict';
const http = require('node:http');
const Router = require('router');
const finalhandler = require('finalhandler');
const pino = require('pino');

const logger = pino();
const router = Router();
router.get('/users/:id', (req, res) => {
  logger.info({ path: req.originalUrl }, 'user loaded');
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ id: req.params.id }));
});

const orders = Router({ mergeParams: true });
orders.get('/:id', (req, _res, next) => {
  logger.error({ path: req.originalUrl }, 'order store unavailable');
  next(new Error('order store unavailable'));
});
router.use('/users/:userId/orders', orders);

const server = http.createServer((req, res) => router(req, res, finalhandler(req, res)));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
