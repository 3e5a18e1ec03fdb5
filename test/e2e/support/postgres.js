// A throwaway PostgreSQL 15 (the major version docker-compose.yml pins) from Debian's
// postgresql-15 package, on 127.0.0.1 with its data in a temporary directory. PostgreSQL
// refuses to run as root, so when this runs as root the server runs as the package's
// `postgres` user. The end-to-end tests need it (a missing package fails them loudly; .ci/run
// installs it); `npm run stack` starts it where it is installed and says why when it is not.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/app-process.js';
import { startProcess, waitUntil } from './component-process.js';

export const POSTGRES_MAJOR = 15;
const BIN = `/usr/lib/postgresql/${POSTGRES_MAJOR}/bin`;
const TOOLS = ['initdb', 'pg_ctl', 'postgres', 'pg_isready', 'createdb'];

/** The `postgres` user's ids when running as root (PostgreSQL refuses root), else nothing. */
function owner() {
  if (process.getuid?.() !== 0) return {};
  const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error(`running as root, but there is no \`postgres\` user to run PostgreSQL as (install Debian's postgresql-${POSTGRES_MAJOR})`);
  return { uid, gid: id('-g') };
}

/** Why PostgreSQL cannot be started on this machine, or undefined when it can. */
export function postgresMissing() {
  const missing = TOOLS.map((tool) => join(BIN, tool)).find((path) => !existsSync(path));
  if (missing) return `${missing} is missing (install Debian's postgresql-${POSTGRES_MAJOR}; .ci/run does)`;
  try {
    owner();
  } catch (error) {
    return error.message;
  }
  return undefined;
}

/**
 * Starts a server with a `shop` database and user; resolves with its URL and a stop().
 * @param {{ port?: number }} options a fixed port; 0 or none, a free one
 */
export async function startPostgres({ port: fixedPort = 0 } = {}) {
  const missing = postgresMissing();
  if (missing) throw new Error(`PostgreSQL cannot start: ${missing}`);
  const user = owner();
  const directory = mkdtempSync(join(tmpdir(), 'postgres-'));
  process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
  if (user.uid !== undefined) chownSync(directory, user.uid, user.gid);
  const data = join(directory, 'data');
  // Not port 0: PostgreSQL accepts only ports from 1 up, so one is asked of the OS first.
  // Something else could take it in between; the start then fails saying the port is in use.
  const port = fixedPort || await freePort();
  const env = { LANG: 'C.UTF-8' };
  const as = { ...user, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } };
  const init = spawnSync(join(BIN, 'initdb'), ['-D', data, '-U', 'shop', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], as);
  if (init.status !== 0) throw new Error(`PostgreSQL: initdb failed:\n${init.stdout}${init.stderr}`);
  const server = startProcess('PostgreSQL', join(BIN, 'postgres'), ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', directory, '-c', 'fsync=off'], { ...user, env });
  await waitUntil(server, () => spawnSync(join(BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], as).status === 0, 'PostgreSQL to accept connections', 20_000);
  const created = spawnSync(join(BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'shop', 'shop'], as);
  if (created.status !== 0) {
    await server.stop('SIGINT');
    throw new Error(`PostgreSQL: createdb failed:\n${created.stdout}${created.stderr}`);
  }
  return {
    ...server,
    port,
    url: `postgres://shop@127.0.0.1:${port}/shop`,
    /** Where its data lives (the collector measures the volume this is on). */
    dataDirectory: directory,
    /** Fast shutdown: the server ends its sessions and exits. */
    stop: () => server.stop('SIGINT'),
  };
}
