// Every warning the bootstrap prints has a code from one catalogue (src/config/warnings.ts),
// and the README documents each code. Calls of process.emitWarning in src/ are found with the
// TypeScript parser; each must take its code from the catalogue.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { WARNING_CODES } from '../../dist/config/warnings.js';
import { REPO_ROOT } from '../support/app-process.js';

const SRC = join(REPO_ROOT, 'src');
const sourceFiles = (directory) => readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
  const path = join(directory, entry.name);
  return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
});

/** Each `process.emitWarning(...)` call: where, and how its `code` option is written. */
function emitWarningCalls() {
  const calls = [];
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isCallExpression(node) && node.expression.getText(source) === 'process.emitWarning') {
        const options = node.arguments[1];
        const code = options && ts.isObjectLiteralExpression(options)
          ? options.properties.find((property) => property.name?.getText(source) === 'code')?.initializer?.getText(source)
          : undefined;
        calls.push({ where: `${relative(REPO_ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`, code });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}

test('every process warning in src/ takes its code from the catalogue', () => {
  const calls = emitWarningCalls();
  assert.ok(calls.length >= 5, `${calls.length} calls found`);
  for (const { where, code } of calls) assert.match(code ?? '(no code)', /^WARNING_CODES\.\w+$/, where);
  const used = new Set(calls.map(({ code }) => code.split('.')[1]));
  assert.deepEqual(Object.keys(WARNING_CODES).filter((key) => !used.has(key)), [], 'catalogue entries nothing emits');
});

test('the README documents every code of the catalogue', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  for (const code of Object.values(WARNING_CODES)) assert.ok(readme.includes(`| \`${code}\` |`), `${code} in the README's table of warnings`);
});
