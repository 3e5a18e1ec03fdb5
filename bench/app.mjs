// The application the benchmark loads: one Express 5 app with two routes.
//   GET /pino  one pino line per request (the cost of log correlation/export)
//   GET /work  a 100-item JSON list plus ~1 ms of awaited I/O (a typical handler)
// Run by bench/run.js as `node [--import <preload>] bench/app.mjs` with PORT set.
// BENCH_BUSY_US (calibration only) holds the event loop that many microseconds per request,
// before the handler runs: what a known amount of added main-thread work costs on this machine.
import express from 'express';
import pino from 'pino';

// Log to a file (default /dev/null) so writing to a terminal does not dominate the measurement.
const logger = pino(pino.destination(process.env.BENCH_LOG_FILE || '/dev/null'));

function buildItems(count) {
  const items = [];
  for (let id = 0; id < count; id++) {
    items.push({ id, name: `item-${id}`, price: Math.round(id * 137.5) / 100, tags: ['bench', `group-${id % 7}`] });
  }
  return items;
}

const busyMs = Number(process.env.BENCH_BUSY_US || 0) / 1000;
function holdEventLoop() {
  const until = performance.now() + busyMs;
  while (performance.now() < until);
}

const app = express();
if (busyMs > 0) app.use((req, res, next) => { holdEventLoop(); next(); });

app.get('/pino', (req, res) => {
  logger.info({ path: req.path }, 'hello');
  res.json({ ok: true });
});

app.get('/work', async (req, res) => {
  const body = JSON.stringify(buildItems(100));
  await new Promise((resolve) => setTimeout(resolve, 1));
  res.type('application/json').send(body);
});

app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));

// No SIGTERM handler on purpose: like most small services, the app relies on the default
// action, so the benchmark's SIGTERM-to-exit time shows what each preload does with the
// signal (ours flushes, then lets the signal end the process).
