// Redis through ioredis, node-redis (`redis`) and BullMQ (which talks to Redis through
// ioredis), as an ES module on plain node:http: one route per client, each storing a value
// inside the request. The password and the stored value may not reach a span.
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { serveRoutes } from './route-server.cjs';

const url = process.env.REDIS_URL;
const { hostname, port, password } = new URL(url);
const ioredis = new Redis(url);
const nodeRedis = createClient({ url });
await nodeRedis.connect();
const queue = new Queue('compat-emails', { connection: { host: hostname, port: Number(port), password: decodeURIComponent(password) } });
const VALUE = process.env.STORED_VALUE;

const routes = {
  '/ioredis': async () => {
    await ioredis.set('compat:ioredis', VALUE);
    return ioredis.get('compat:ioredis');
  },
  '/redis': async () => {
    await nodeRedis.set('compat:redis', VALUE);
    return nodeRedis.get('compat:redis');
  },
  '/bullmq': async () => (await queue.add('welcome-email', { to: VALUE })).id,
};

serveRoutes(routes);
