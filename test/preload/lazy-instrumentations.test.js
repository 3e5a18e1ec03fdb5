// Instrumentation packages load when the application loads what they patch, not before: an
// app that uses none of the catalog's packages loads only the three that patch no package
// (http, fetch, the runtime), however long the default list is.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { installedPackageOf } from '../../dist/preload/module-hooks.js';
import { REPO_ROOT } from '../support/app-process.js';

function probe(load, loadFrom) {
  const result = spawnSync(process.execPath, ['--import', './instrument', 'test/fixtures/lazy-probe.cjs'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LOAD: load, ...(loadFrom ? { LOAD_FROM: loadFrom } : {}), OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
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

test('a package required under another name that links to it (a bundler\'s external) loads its instrumentation', (t) => {
  // Next.js's Turbopack requires externals as `<name>-<hash>`, a link in .next/node_modules.
  const folder = mkdtempSync(path.join(tmpdir(), 'obs-linked-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  mkdirSync(path.join(folder, 'node_modules'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules', 'pg'), path.join(folder, 'node_modules', 'pg-28069d5257187539'), 'dir');
  const { atStart, afterLoad } = probe('pg-28069d5257187539', folder);
  assert.ok(!atStart.includes('instrumentation-pg'));
  assert.deepEqual(afterLoad.filter((name) => !atStart.includes(name)), ['instrumentation-pg']);
});

test('the package a resolved file belongs to is the one in its last node_modules folder', () => {
  assert.equal(installedPackageOf('file:///app/node_modules/pino/pino.js'), 'pino');
  assert.equal(installedPackageOf('file:///app/node_modules/@hapi/hapi/lib/index.js'), '@hapi/hapi');
  assert.equal(installedPackageOf('file:///app/node_modules/express/node_modules/router/index.js'), 'router');
  assert.equal(installedPackageOf('file:///app/src/server.js'), undefined);
  assert.equal(installedPackageOf('node:http'), undefined);
});
