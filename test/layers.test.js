// The preload's layers depend one way: a module imports from its own folder and from the
// layers below it, never from a layer above. The layers, bottom up, are the ones the README's
// Layout section describes. Imports are read with the TypeScript compiler's own pre-parser.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from './support/app-process.js';

/** Bottom up. Folders in one row are peers: they may not import each other. */
export const LAYERS = [
  ['config'],
  ['diagnostics', 'scrub'],
  ['export'],
  ['api'],
  ['health', 'http', 'logs', 'runtime', 'lifecycle'],
  ['sdk'],
  ['preload'],
  ['index.ts', 'register.ts', 'check'],
];
const SRC = join(REPO_ROOT, 'src');
const layerOf = (unit) => LAYERS.findIndex((row) => row.includes(unit));

function sourceFiles(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `config`, `sdk`, ... or `index.ts` for files at the top of src/. */
const unitOf = (file) => relative(SRC, file).split('/')[0];

function ownImports(file) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => normalize(join(dirname(file), name.replace(/\.js$/, '.ts'))));
}

test('every folder of src/ has a place in the layers', () => {
  const units = new Set(sourceFiles(SRC).map(unitOf).filter((unit) => unit !== 'types'));
  for (const unit of units) assert.notEqual(layerOf(unit), -1, `src/${unit} is in no layer`);
});

/** Pairs of src-relative paths (importer, imported) that point up or sideways. */
function violationsIn(edges) {
  return edges.filter(([from, to]) => {
    const fromUnit = from.split('/')[0];
    const toUnit = to.split('/')[0];
    if (fromUnit === toUnit || fromUnit === 'types' || toUnit === 'types') return false;
    return layerOf(toUnit) >= layerOf(fromUnit);
  }).map(([from, to]) => `src/${from} imports src/${to}`);
}

test('no module imports from a layer above its own, nor from a peer folder', () => {
  const edges = sourceFiles(SRC).flatMap((file) => ownImports(file).map((target) => [relative(SRC, file), relative(SRC, target)]));
  assert.ok(edges.length > 100, `${edges.length} imports read`);
  assert.deepEqual(violationsIn(edges), []);
});

test('an import that points up, or to a peer, is reported', () => {
  assert.deepEqual(violationsIn([
    ['config/parse.ts', 'sdk/instrumentations.ts'],
    ['http/server.ts', 'logs/pino-instrumentation.ts'],
    ['sdk/start.ts', 'http/server.ts'],
  ]), ['src/config/parse.ts imports src/sdk/instrumentations.ts', 'src/http/server.ts imports src/logs/pino-instrumentation.ts']);
});
