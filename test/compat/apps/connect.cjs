// connect 3 as apps use it: middleware mounted on path prefixes (connect has no route
// parameters, so the template of a request is the prefix it was mounted on), an error handed
// to next() answered with 500 by connect's final handler, as is an unknown path with 404.
'use strict';
const http = require('node:http');
const connect = require('connect');
const pino = require('pino');

const logger = pino();
const app = connect();
app.use('/users', (req, res) => {
  logger.info({ path: req.originalUrl }, 'user loaded');
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ id: req.url.slice(1) }));
});
app.use('/orders', (req, _res, next) => {
  logger.error({ path: req.originalUrl }, 'order store unavailable');
  next(new Error('order store unavailable'));
});
const server = http.createServer(app).listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
