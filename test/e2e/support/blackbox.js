// The blackbox exporter as a process on 127.0.0.1, with prometheus/blackbox.yml and compose's
// command line. It binds the port it is given, or one the OS picks (port 0) and reports in
// its "Listening on" log line.
import { hostCommand } from '../../support/compose.js';
import { binary } from './binaries.js';
import { startProcess, waitForOutput, waitUntil } from './component-process.js';

/** @param {{ port?: number }} options a fixed port (npm run stack); 0 or none, any free one */
export async function startBlackbox({ port: fixedPort = 0 } = {}) {
  const exporter = startProcess('Blackbox exporter', binary('blackbox_exporter'), hostCommand('blackbox-exporter', { '--web.listen-address': `127.0.0.1:${fixedPort}` }));
  const [, port] = await waitForOutput(exporter, /msg="Listening on" address=127\.0\.0\.1:(\d+)/, 'the blackbox exporter\'s listening address');
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(exporter, async () => (await fetch(`${url}/-/healthy`)).ok, 'the blackbox exporter to be healthy');
  return { ...exporter, port: Number(port), url };
}
