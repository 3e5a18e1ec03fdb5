// From another project: `node --import <package>/register app.mjs` resolves through the
// package's exports map and instruments the app like ./instrument does.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, startApp } from '../support/app-process.js';
import { attributesOf, startReceiver } from '../support/otlp-receiver.js';

test('--import node-otel-stack/register works from another project', async () => {
  const project = mkdtempSync(join(tmpdir(), 'other-project-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(REPO_ROOT, join(project, 'node_modules', 'node-otel-stack'), 'dir');
  // The app's own dependencies resolve from the repository's node_modules through NODE_PATH-free symlinks.
  for (const dependency of ['express', 'pino']) symlinkSync(join(REPO_ROOT, 'node_modules', dependency), join(project, 'node_modules', dependency), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'other-service', version: '3.2.1', type: 'module' }));
  copyFileSync(join(REPO_ROOT, 'test/fixtures/esm-express.mjs'), join(project, 'app.mjs'));

  const receiver = await startReceiver();
  const app = await startApp('app.mjs', { cwd: project, args: ['--import', 'node-otel-stack/register'], env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  await app.get('/users/5');
  const span = await receiver.waitFor((r) => r.spans().find((s) => attributesOf(s.attributes)['http.route'] === '/users/:id' && s.kind === 2));
  const resource = attributesOf(span.resource.attributes);
  assert.equal(resource['service.name'], 'other-service');
  assert.equal(resource['service.version'], '3.2.1');
  assert.equal(resource['deployment.environment.name'], 'development');
  assert.match(resource['service.instance.id'], /^[0-9a-f-]{36}$/);
  assert.equal(resource['process.pid'], app.pid);
  assert.equal(resource['process.runtime.name'], 'nodejs');
  // Command lines carry secrets (--password=...): the arguments are not exported.
  assert.equal(resource['process.command_args'], undefined);
  await app.stop('SIGKILL');
  await receiver.close();
});
