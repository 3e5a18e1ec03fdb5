// generic-pool and lru-memoizer in one ES-module app on plain node:http, with pino:
// - /pool acquires a resource from a generic-pool pool and releases it;
// - /memoized?caller=N loads one slow, memoized value; concurrent callers share the load, and
//   each caller's callback logs a pino line, which must carry that caller's own trace id.
import http from 'node:http';
import genericPool from 'generic-pool';
import memoizer from 'lru-memoizer';
import pino from 'pino';

const logger = pino();
const pool = genericPool.createPool({ create: async () => ({ connection: 'compat' }), destroy: async () => {} }, { max: 2 });
const loadSettings = memoizer({
  load: (key, callback) => setTimeout(() => callback(null, { key, theme: 'dark' }), 100),
  hash: (key) => key,
  max: 10,
});

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://app');
  if (url.pathname === '/pool') {
    const resource = await pool.acquire();
    await pool.release(resource);
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: resource.connection }));
  }
  if (url.pathname === '/memoized') {
    return loadSettings('settings', (error, settings) => {
      logger.info({ caller: url.searchParams.get('caller') }, 'settings loaded');
      res.writeHead(error ? 500 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: settings?.theme }));
    });
  }
  res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
