// README's compatibility table is the one scripts/compat-table.js prints from the suite's
// declarations, and every declared case is backed by the test file it names, which takes that
// case from the declarations.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compatTable, END_MARKER, START_MARKER } from '../../scripts/compat-table.js';
import { COMPAT_CASES, LOADS_ONLY } from './cases.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('README.md\'s section between the compat markers is the table scripts/compat-table.js prints', () => {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  assert.ok(start !== -1, `README.md has the start marker line:\n${START_MARKER}`);
  assert.ok(end > start, `README.md has the end marker line after it:\n${END_MARKER}`);
  assert.equal(readme.slice(start + START_MARKER.length, end).trim(), compatTable(), 'regenerate with `node scripts/compat-table.js`');
});

test('every case names a test file that takes it from the declarations, and proves something', () => {
  const ids = COMPAT_CASES.map((each) => each.id);
  assert.equal(new Set(ids).size, ids.length, 'case ids are unique');
  for (const each of COMPAT_CASES) {
    const file = new URL(each.test, import.meta.url);
    assert.ok(existsSync(file), `${each.id}: test/compat/${each.test} exists`);
    assert.ok(readFileSync(file, 'utf8').includes(`'${each.id}'`), `${each.id}: test/compat/${each.test} names the case`);
    assert.ok(each.proves === LOADS_ONLY || (each.proves.length > 0 && each.proves.every((signal) => ['traces', 'metrics', 'logs'].includes(signal))), `${each.id}: proves ${each.proves}`);
  }
});
