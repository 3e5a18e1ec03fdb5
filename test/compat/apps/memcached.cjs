// memcached through the memcached client, as a CommonJS app on plain node:http: a set and a
// get inside the request. The stored value may not reach a span.
'use strict';
const Memcached = require('memcached');
const { serveRoutes } = require('./route-server.cjs');

const client = new Memcached(process.env.MEMCACHED_LOCATION, { retries: 0 });
const VALUE = process.env.STORED_VALUE;
const call = (method, ...args) => new Promise((resolve, reject) => client[method](...args, (error, result) => (error ? reject(error) : resolve(result))));

serveRoutes({
  '/memcached': async () => {
    await call('set', 'compat:memcached', VALUE, 60);
    return (await call('get', 'compat:memcached')) === VALUE;
  },
});
