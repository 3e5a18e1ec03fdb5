// A throwaway PostgreSQL 15 (the major version docker-compose.yml pins) from Debian's
// postgresql-15 package, on 127.0.0.1 with its data in a temporary directory. PostgreSQL
// refuses to run as root, so when the tests run as root the server runs as the package's
// `postgres` user. A missing package fails the test loudly (.ci/run installs it).
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/app-process.js';

export const POSTGRES_MAJOR = 15;
const BIN = `/usr/lib/postgresql/${POSTGRES_MAJOR}/bin`;

function owner() {
  if (process.getuid?.() !== 0) return {};
  const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as (install postgresql-15)');
  return { uid, gid: id('-g') };
}

/** Starts a server with a `shop` database and user; resolves with its URL and a stop(). */
export async function startPostgres() {
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(BIN, tool))) throw new Error(`${join(BIN, tool)} is missing: install Debian's postgresql-${POSTGRES_MAJOR} (.ci/run does)`);
  }
  const user = owner();
  const directory = mkdtempSync(join(tmpdir(), 'postgres-'));
  if (user.uid !== undefined) chownSync(directory, user.uid, user.gid);
  const data = join(directory, 'data');
  const port = await freePort();
  const as = { ...user, encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } };
  const init = spawnSync(join(BIN, 'initdb'), ['-D', data, '-U', 'shop', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], as);
  if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}${init.stderr}`);
  const server = spawn(join(BIN, 'postgres'), ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', directory, '-c', 'fsync=off'], { ...as, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (chunk) => { output += chunk; });
  server.stderr.on('data', (chunk) => { output += chunk; });
  server.unref();
  server.stdout.unref();
  server.stderr.unref();
  const exited = new Promise((resolve) => server.on('exit', resolve));
  process.on('exit', () => { server.kill('SIGKILL'); rmSync(directory, { recursive: true, force: true }); });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ready = spawnSync(join(BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], as);
    if (ready.status === 0) break;
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const created = spawnSync(join(BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'shop', 'shop'], as);
  if (created.status !== 0) throw new Error(`createdb failed:\n${created.stdout}${created.stderr}`);
  return {
    port,
    url: `postgres://shop@127.0.0.1:${port}/shop`,
    output: () => output,
    /** Fast shutdown: the server ends its sessions and exits. */
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        // Held by the event loop while it stops, or the test runner sees an empty loop.
        server.ref();
        server.kill('SIGINT');
      }
      await exited;
    },
  };
}
