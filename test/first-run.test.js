// What the README's first screen says, done on a fresh clone: `npm install`, then
// `node --import ./instrument app.js` exports telemetry; and another project that installs
// the package from git gets a working `node-otel-stack/register`. Nothing is built by hand:
// the package's `prepare` script has to do it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT, startApp } from './support/app-process.js';
import { attributesOf, startReceiver } from './support/otlp-receiver.js';

const APP = `'use strict';
const http = require('node:http');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ listening: server.address().port }) + '\\n'));
`;
let workspace;
let clone;

function npm(args, cwd) {
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, encoding: 'utf8', env: process.env });
  assert.equal(result.status, 0, `npm ${args.join(' ')} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
}

async function exportsASpan(app, receiver) {
  assert.equal((await app.get('/first-run')).status, 200);
  return receiver.waitFor((r) => r.spans().find((span) => attributesOf(span.attributes)['url.path'] === '/first-run'), { what: 'the request span', timeoutMs: 20_000 });
}

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'first-run-'));
  clone = join(workspace, 'node-otel-stack');
  const cloned = spawnSync('git', ['clone', '--quiet', REPO_ROOT, clone], { encoding: 'utf8' });
  assert.equal(cloned.status, 0, cloned.stderr);
});
after(() => rmSync(workspace, { recursive: true, force: true }));

test('a fresh clone: npm install, then node --import ./instrument app.js exports telemetry', { timeout: 300_000 }, async () => {
  assert.equal(existsSync(join(clone, 'dist')), false, 'a fresh clone has no build output');
  npm(['install'], clone);
  writeFileSync(join(clone, 'app.cjs'), APP);
  const receiver = await startReceiver();
  const app = await startApp('app.cjs', { cwd: clone, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'first-run' } });
  try {
    const span = await exportsASpan(app, receiver);
    assert.equal(attributesOf(span.resource.attributes)['service.name'], 'first-run');
  } finally {
    await app.stop('SIGKILL');
    await receiver.close();
  }
});

test('another project installs the package from git: --import node-otel-stack/register exports telemetry', { timeout: 300_000 }, async () => {
  const project = join(workspace, 'other-service');
  spawnSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'other-service', version: '1.0.0', private: true, dependencies: { 'node-otel-stack': `git+file://${clone}` } }));
  npm(['install'], project);
  assert.ok(existsSync(join(project, 'node_modules/node-otel-stack/dist/register.js')), 'the git install ran prepare');
  writeFileSync(join(project, 'app.cjs'), APP);
  const receiver = await startReceiver();
  const app = await startApp('app.cjs', { cwd: project, args: ['--import', 'node-otel-stack/register'], env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  try {
    const span = await exportsASpan(app, receiver);
    assert.equal(attributesOf(span.resource.attributes)['service.name'], 'other-service');
  } finally {
    await app.stop('SIGKILL');
    await receiver.close();
  }
});
