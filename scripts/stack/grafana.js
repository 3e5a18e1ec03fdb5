// Grafana for `npm run stack`, when a grafana-server binary is on PATH (an unpacked Grafana
// release, or Debian's grafana package). It gets the repository's provisioning
// (grafana/provisioning: the data sources and the dashboards provider) and dashboards
// (grafana/dashboards) the way compose mounts them, transformed the stack's one way:
// container paths become the repository's directories (compose's bind mounts), compose
// `host:port` addresses 127.0.0.1 ports. Its settings are compose's environment for the
// service (the admin user and password from this shell or .env) plus GF_* variables for
// its address and directories; its data lives in a temporary directory (compose's
// grafana-data volume), removed at exit.
import { accessSync, constants, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../../test/support/app-process.js';
import { startProcess, waitUntil } from '../../test/e2e/support/component-process.js';
import { localize, serviceEnvironment } from './compose-settings.js';

/** An executable file called `name` in one of PATH's directories, or undefined. */
function findOnPath(name, path = '') {
  for (const directory of path.split(':').filter(Boolean)) {
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Whether Grafana can start here: { binary, home } (home: the directory holding
 * conf/defaults.ini, which grafana-server needs as --homepath: GRAFANA_HOME, the release
 * directory the binary's bin/ is in, or Debian's /usr/share/grafana), or { reason } it cannot.
 */
export function planGrafana(env = process.env) {
  const binary = findOnPath('grafana-server', env.PATH);
  if (!binary) return { reason: 'no grafana-server on PATH' };
  const candidates = [env.GRAFANA_HOME, dirname(dirname(realpathSync(binary))), '/usr/share/grafana'].filter(Boolean);
  const home = candidates.find((directory) => existsSync(join(directory, 'conf/defaults.ini')));
  if (!home) return { reason: `${binary} found, but not Grafana's home directory (with conf/defaults.ini): set GRAFANA_HOME to it` };
  return { binary, home };
}

function yamlFiles(directory) {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** A copy of the provisioning directory compose mounts, its paths and addresses made local. */
function localProvisioning(project, addresses, directory) {
  const mounts = (project.services.grafana?.volumes ?? []).filter((mount) => mount.type === 'bind');
  const provisioning = mounts.find((mount) => mount.target === '/etc/grafana/provisioning');
  if (!provisioning) throw new Error('docker-compose.yml no longer mounts grafana/provisioning at /etc/grafana/provisioning');
  const copy = join(directory, 'provisioning');
  cpSync(provisioning.source, copy, { recursive: true });
  for (const file of yamlFiles(copy)) {
    let text = localize(readFileSync(file, 'utf8'), addresses);
    for (const mount of mounts) text = text.replaceAll(mount.target, mount.source);
    writeFileSync(file, text);
  }
  return copy;
}

/**
 * @param {{ plan: { binary: string, home: string }, project: object, addresses: Record<string, string>, port: number }} options
 *   addresses: compose `host:port` -> 127.0.0.1 address (Prometheus, Alertmanager, Tempo, Loki).
 */
export async function startGrafana({ plan, project, addresses, port: fixedPort }) {
  const directory = mkdtempSync(join(tmpdir(), 'grafana-'));
  process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
  const provisioning = localProvisioning(project, addresses, directory);
  // Not port 0: the bound port would have to be read from Grafana's log lines, whose wording
  // changes between releases, so a free port is asked of the OS first.
  const port = fixedPort || await freePort();
  const environment = serviceEnvironment(project, 'grafana', addresses);
  const grafana = startProcess('Grafana', plan.binary, ['--homepath', plan.home], {
    env: {
      HOME: process.env.HOME,
      ...environment,
      GF_SERVER_HTTP_ADDR: '127.0.0.1',
      GF_SERVER_HTTP_PORT: String(port),
      GF_PATHS_PROVISIONING: provisioning,
      GF_PATHS_DATA: join(directory, 'data'),
      GF_PATHS_LOGS: join(directory, 'logs'),
      GF_PATHS_PLUGINS: join(directory, 'plugins'),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(grafana, async () => (await fetch(`${url}/api/health`)).ok, 'Grafana to be healthy', 90_000);
  return { ...grafana, port, url, adminUser: environment.GF_SECURITY_ADMIN_USER };
}
