// restify 12 as its documentation writes apps: CommonJS, handlers that call next(), an error
// passed to next() answered with 500.
'use strict';
const restify = require('restify');
const pino = require('pino');

const logger = pino();
const server = restify.createServer();
server.get('/users/:id', (req, res, next) => {
  logger.info({ path: req.path() }, 'user loaded');
  res.send({ id: req.params.id });
  next();
});
server.get('/orders/:id', (req, _res, next) => {
  logger.error({ path: req.path() }, 'order store unavailable');
  next(new Error('order store unavailable'));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
