// memcached through the memcached client, as a CommonJS app on plain node:http: a set and a
// get inside the request. The stored value may not reach a span.
'use strict';
const http = require('node:http');
const Memcached = require('memcached');

const client = new Memcached(process.env.MEMCACHED_LOCATION, { retries: 0 });
const VALUE = process.env.STORED_VALUE;
const call = (method, ...args) => new Promise((resolve, reject) => client[method](...args, (error, result) => (error ? reject(error) : resolve(result))));

const server = http.createServer(async (req, res) => {
  if (req.url !== '/memcached') return void res.writeHead(404).end();
  try {
    await call('set', 'compat:memcached', VALUE, 60);
    const stored = await call('get', 'compat:memcached');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: stored === VALUE }));
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
