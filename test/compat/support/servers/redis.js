// A throwaway Redis from Debian's redis-server on 127.0.0.1: a free port, no persistence, its
// working directory temporary, and a password (so the tests can check it never reaches a span).
import { freePort } from '../../../support/app-process.js';
import { requireBinary, startServerProcess, temporaryDirectory, waitForServer } from './server-process.js';
import { askOverTcp } from './tcp-probe.js';

const BINARY = '/usr/bin/redis-server';

export async function startRedis({ password }) {
  const binary = requireBinary(BINARY, 'redis-server');
  const directory = temporaryDirectory('redis-');
  const port = await freePort();
  const server = startServerProcess('Redis', binary, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', directory,
    '--save', '', '--appendonly', 'no', '--requirepass', password,
    // BullMQ warns about any other policy: jobs must not be evicted.
    '--maxmemory-policy', 'noeviction',
  ]);
  await waitForServer(server, async () => (await askOverTcp(port, `AUTH ${password}\r\nPING\r\n`)).includes('+PONG'), 'Redis to answer PING');
  return { port, url: `redis://:${password}@127.0.0.1:${port}`, stop: () => server.stop('SIGTERM') };
}
