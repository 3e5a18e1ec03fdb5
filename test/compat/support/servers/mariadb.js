// A throwaway MariaDB from Debian's mariadb-server on 127.0.0.1: its data directory created
// by mariadb-install-db in a temporary directory, a free port, a `shop` database and a `shop`
// user with a password (created by an init file at start-up, so the tests can check the
// password never reaches a span). mariadbd runs as root only when told to.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import mysql2 from 'mysql2/promise';
import { freePort } from '../../../support/app-process.js';
import { requireBinary, startServerProcess, temporaryDirectory, waitForServer } from './server-process.js';

const SERVER = '/usr/sbin/mariadbd';
const INSTALL = '/usr/bin/mariadb-install-db';

export async function startMariaDb({ password }) {
  const binary = requireBinary(SERVER, 'mariadb-server');
  requireBinary(INSTALL, 'mariadb-server');
  const directory = temporaryDirectory('mariadb-');
  const data = join(directory, 'data');
  const user = [`--user=${userInfo().username}`];
  const install = spawnSync(INSTALL, ['--no-defaults', `--datadir=${data}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`MariaDB: mariadb-install-db failed:\n${install.stdout}${install.stderr}`);
  const init = join(directory, 'init.sql');
  writeFileSync(init, [
    'CREATE DATABASE IF NOT EXISTS shop;',
    `CREATE USER IF NOT EXISTS 'shop'@'%' IDENTIFIED BY '${password}';`,
    "GRANT ALL ON shop.* TO 'shop'@'%';",
  ].join('\n'));
  const port = await freePort();
  const server = startServerProcess('MariaDB', binary, [
    '--no-defaults', `--datadir=${data}`, ...user, `--port=${port}`, '--bind-address=127.0.0.1',
    `--socket=${join(directory, 'mariadb.sock')}`, `--pid-file=${join(directory, 'mariadb.pid')}`,
    // 127.0.0.1 is matched as itself, not as `localhost`, so `shop`@`%` is the account used.
    '--skip-name-resolve', '--skip-log-bin', `--init-file=${init}`, '--innodb-buffer-pool-size=16M',
  ]);
  const connection = { host: '127.0.0.1', port, user: 'shop', password, database: 'shop' };
  await waitForServer(server, async () => {
    const client = await mysql2.createConnection(connection);
    try {
      await client.query('SELECT 1');
      return true;
    } finally {
      await client.end();
    }
  }, 'MariaDB to accept the shop user');
  return { ...connection, stop: () => server.stop('SIGTERM') };
}
