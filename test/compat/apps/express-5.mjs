// Express 5 as new apps are written: an ES module, a route on the app, a Router mounted under
// /orders whose async handler rejects (Express 5 passes the rejection on by itself), and an
// error handler at the app level that answers JSON. The failing request's route is the mount
// path and the route's path together, though the app-level handler sees req.baseUrl restored.
import express from 'express';
import pino from 'pino';

const logger = pino();
const app = express();
app.get('/users/:id', (req, res) => {
  logger.info({ path: req.originalUrl }, 'user loaded');
  res.json({ id: req.params.id });
});

const orders = express.Router();
orders.get('/:id', async (req) => {
  logger.error({ path: req.originalUrl }, 'order store unavailable');
  throw new Error('order store unavailable');
});
app.use('/orders', orders);
app.use((error, _req, res, _next) => {
  res.status(500).json({ error: error.message });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
