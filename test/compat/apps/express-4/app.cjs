// Express 4 as most existing apps are written: CommonJS, each resource's routes on a Router
// mounted under its prefix (a nested resource under a prefix with a parameter, mergeParams),
// and one error handler at the app level that answers JSON. The route of a request is the
// mount templates and the route's own path together: not the matched prefix (which holds the
// user's id), and also for a request that fails in a mounted router and is answered by the
// app-level handler (by then Express has restored req.baseUrl to the app's).
// `express` resolves to Express 4 here: test/compat/support/aliased-install.js places it in
// this folder's node_modules, under its real name, as an app that depends on it would have it.
'use strict';
const express = require('express');
const pino = require('pino');

const logger = pino();
const app = express();

const users = express.Router();
users.get('/:id', (req, res) => {
  logger.info({ path: req.originalUrl }, 'user loaded');
  res.json({ id: req.params.id });
});

const orders = express.Router({ mergeParams: true });
orders.get('/:id', (req, _res, next) => {
  logger.error({ path: req.originalUrl }, 'order store unavailable');
  next(new Error('order store unavailable'));
});

app.use('/users', users);
app.use('/users/:userId/orders', orders);
app.use((error, _req, res, _next) => {
  res.status(500).json({ error: error.message });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
