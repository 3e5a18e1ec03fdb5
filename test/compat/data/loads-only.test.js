// Packages whose servers cannot run here (no MongoDB, Kafka, SQL Server or Cassandra in
// Debian): what can be checked without a server is that their instrumentation is not loaded
// until the app requires the package, is loaded then, and has wrapped the method it traces.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { REPO_ROOT } from '../../support/app-process.js';
import { compatCase } from '../cases.js';
import { installedVersions } from '../support/installed.js';

const PACKAGES = [
  { id: 'mongodb', instrumentation: 'instrumentation-mongodb', patched: 'mongodb/lib/cmap/connection.js:Connection.prototype.command' },
  { id: 'mongoose', instrumentation: 'instrumentation-mongoose', patched: 'Model.aggregate' },
  { id: 'kafkajs', instrumentation: 'instrumentation-kafkajs', patched: 'Kafka.prototype.producer' },
  { id: 'tedious', instrumentation: 'instrumentation-tedious', patched: 'Connection.prototype.execSql' },
  { id: 'cassandra-driver', instrumentation: 'instrumentation-cassandra-driver', patched: 'Client.prototype._execute' },
];

function probe(load, patched) {
  const result = spawnSync(process.execPath, ['--import', './instrument', 'test/compat/apps/load-probe.cjs'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LOAD: load, PATCHED: patched, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

for (const { id, instrumentation, patched } of PACKAGES) {
  test(`${installedVersions(compatCase(id).packages)}: ${instrumentation} loads with the package and wraps ${patched}, not before`, () => {
    const { atStart, afterLoad, wrapped } = probe(id, patched);
    assert.ok(!atStart.includes(instrumentation), `not loaded at start: ${atStart}`);
    assert.ok(afterLoad.includes(instrumentation), `loaded once the app required ${id}: ${afterLoad}`);
    assert.equal(wrapped, true, `${patched} is wrapped`);
  });
}
