// Before `npm run stack` starts anything: is each fixed port free on 127.0.0.1? Every port in
// use is reported at once, naming the port and the component that wanted it, rather than the
// stack failing at the first one half way through its start. (A port can still be taken
// between this check and the component's start; the component's start then fails with the
// same kind of message, from test/e2e/support/component-process.js.)
import net from 'node:net';
import { PORT_SETTINGS } from './ports.js';

function canListen(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error) => resolve(error.code));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
  });
}

/**
 * One message per problem with the fixed ports of the components in `keys`: a port two
 * components want, a port another process listens on, a port this user may not open.
 */
export async function portProblems(ports, keys) {
  const problems = [];
  const claimed = new Map();
  for (const setting of PORT_SETTINGS.filter((item) => keys.includes(item.key) && ports[item.key])) {
    const port = ports[setting.key];
    const other = claimed.get(port);
    if (other) {
      problems.push(`Port ${port} is wanted by both ${other.component} and ${setting.component}: set ${setting.variable} to another port`);
      continue;
    }
    claimed.set(port, setting);
    const code = await canListen(port);
    if (code === 'EADDRINUSE') problems.push(`Port ${port} (${setting.component}) is in use: another process listens on 127.0.0.1:${port}. Stop it, or choose another port with ${setting.variable}=<port> (0: any free port)`);
    else if (code) problems.push(`Port ${port} (${setting.component}) cannot be opened (${code}). Choose another port with ${setting.variable}=<port>`);
  }
  return problems;
}
