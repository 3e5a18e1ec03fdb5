// A stand-in for grafana-server, for testing how `npm run stack` starts Grafana on a machine
// without one: a directory laid out like an unpacked Grafana release (bin/grafana-server,
// conf/defaults.ini) whose grafana-server runs grafana-stand-in-server.js. That server
// answers /api/health as Grafana does and reports, at /stand-in/report, what the stack gave
// it: the --homepath argument, the GF_* settings and the provisioning files as it read them.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./grafana-stand-in-server.js', import.meta.url));

/** Creates the release directory; returns its bin directory, to put first on PATH. */
export function makeGrafanaStandIn() {
  const home = mkdtempSync(join(tmpdir(), 'grafana-stand-in-'));
  process.on('exit', () => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, 'bin'));
  mkdirSync(join(home, 'conf'));
  writeFileSync(join(home, 'conf/defaults.ini'), '; the stand-in reads nothing from here\n');
  const executable = join(home, 'bin/grafana-server');
  writeFileSync(executable, `#!/bin/sh\nexec '${process.execPath}' '${SERVER}' "$@"\n`);
  chmodSync(executable, 0o755);
  return { home, bin: join(home, 'bin') };
}
