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
