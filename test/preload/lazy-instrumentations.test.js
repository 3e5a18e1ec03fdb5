// Instrumentation packages load when the application loads what they patch, not before: an
// app that uses none of the catalog's packages loads only the three that patch no package
// (http, fetch, the runtime), however long the default list is.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/app-process.js';

function probe(load) {
  const result = spawnSync(process.execPath, ['--import', './instrument', 'test/fixtures/lazy-probe.cjs'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LOAD: load, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

test('an app that loads none of the catalog packages loads only the instrumentations that patch no package', () => {
  const { atStart, afterLoad } = probe('');
  assert.deepEqual(atStart, ['instrumentation-http', 'instrumentation-runtime-node', 'instrumentation-undici']);
  assert.deepEqual(afterLoad, atStart);
});

test('requiring a package loads its instrumentation then, and only that one', () => {
  const { atStart, afterLoad } = probe('pg,express');
  assert.ok(!atStart.includes('instrumentation-pg') && !atStart.includes('instrumentation-express'));
  assert.deepEqual(afterLoad.filter((name) => !atStart.includes(name)), ['instrumentation-express', 'instrumentation-pg']);
});
