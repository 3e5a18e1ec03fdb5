// A throwaway memcached from Debian's package on 127.0.0.1: a free port, TCP only, a little
// memory. memcached refuses to run as root unless told which user to be.
import { freePort } from '../../../support/app-process.js';
import { requireBinary, startServerProcess, waitForServer } from './server-process.js';
import { askOverTcp } from './tcp-probe.js';

const BINARY = '/usr/bin/memcached';

export async function startMemcached() {
  const binary = requireBinary(BINARY, 'memcached');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0 ? ['-u', 'root'] : [];
  const server = startServerProcess('memcached', binary, ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '16', ...asRoot]);
  await waitForServer(server, async () => (await askOverTcp(port, 'version\r\n')).startsWith('VERSION'), 'memcached to answer version');
  return { port, location: `127.0.0.1:${port}`, stop: () => server.stop('SIGTERM') };
}
