// The application's package.json, found from the entry script: the nearest one with a name,
// past the nameless ones that only mark a subfolder's module type.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findAppPackage } from '../../dist/config/app-package.js';

test('the nearest package.json with a name names the service; a nameless one below it does not', () => {
  const root = mkdtempSync(join(tmpdir(), 'app-package-'));
  try {
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'shop-api', version: '2.1.0' }));
    mkdirSync(join(root, 'src', 'esm'), { recursive: true });
    writeFileSync(join(root, 'src', 'esm', 'package.json'), JSON.stringify({ type: 'module' }));
    assert.deepEqual(findAppPackage('src/esm/server.js', root), { name: 'shop-api', version: '2.1.0' });
    assert.deepEqual(findAppPackage(undefined, join(root, 'src', 'esm')), { name: 'shop-api', version: '2.1.0' });
    writeFileSync(join(root, 'src', 'esm', 'package.json'), JSON.stringify({ name: 'esm-part', version: '0.1.0' }));
    assert.deepEqual(findAppPackage('src/esm/server.js', root), { name: 'esm-part', version: '0.1.0' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an entry script in node_modules is a tool running the app: the app\'s script, else the working directory, names it', () => {
  const root = mkdtempSync(join(tmpdir(), 'app-package-'));
  try {
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'shop-api', version: '2.1.0' }));
    const cli = join(root, 'node_modules', 'fastify-cli');
    mkdirSync(cli, { recursive: true });
    writeFileSync(join(cli, 'package.json'), JSON.stringify({ name: 'fastify-cli', version: '8.0.2' }));
    // `fastify start app.js` from the project folder.
    assert.deepEqual(findAppPackage(join(cli, 'cli.js'), root), { name: 'shop-api', version: '2.1.0' });
    // pm2 runs its container script and names the app's in pm_exec_path, whatever the working directory.
    const service = join(root, 'services', 'billing');
    mkdirSync(service, { recursive: true });
    writeFileSync(join(service, 'package.json'), JSON.stringify({ name: 'billing', version: '0.3.0' }));
    assert.deepEqual(findAppPackage(join(cli, 'ProcessContainerFork.js'), root, join(service, 'index.js')), { name: 'billing', version: '0.3.0' });
    // A server run from a folder with no package.json up the tree is named after its package.
    const empty = mkdtempSync(join(tmpdir(), 'no-package-'));
    try {
      assert.deepEqual(findAppPackage(join(cli, 'cli.js'), empty), { name: 'fastify-cli', version: '8.0.2' });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
