// The README's benchmark figures are the committed results file's (bench/results.json, which
// names the machine): the table is generated from it and must not drift.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { benchmarkTable } from '../bench/table.js';

test('the README shows the figures of bench/results.json, with the machine they come from', () => {
  const results = JSON.parse(readFileSync(new URL('../bench/results.json', import.meta.url), 'utf8'));
  assert.ok(results.environment.machine && results.environment.cpuModel, 'the results name the machine');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = /<!-- bench:start[^>]*-->\n([\s\S]*?)\n<!-- bench:end -->/.exec(readme);
  assert.ok(section, 'the README has the generated benchmark section');
  assert.equal(section[1], benchmarkTable(results), 'regenerate with: node bench/table.js');
});
