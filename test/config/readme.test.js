// The README's configuration table is generated from the variable table; this keeps them equal.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { variablesTable } from '../../scripts/variables-table.js';

test('the README documents every variable exactly as the configuration table defines it', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = /<!-- variables:start[^>]*-->\n([\s\S]*?)\n<!-- variables:end -->/.exec(readme);
  assert.ok(section, 'the README has the generated variables section');
  assert.equal(section[1], variablesTable(), 'regenerate with: node scripts/variables-table.js');
});
