// The catalog of instrumentations: one entry per name the configuration accepts, each
// entry's package list equal to what its instrumentation package declares (the catalog writes
// it out so nothing has to be loaded to know it), and every package it loads declared in
// package.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { KNOWN_INSTRUMENTATIONS } from '../../dist/config/instrumentation-names.js';
import { CATALOG } from '../../dist/sdk/instrumentation-catalog.js';
import { parseConfig } from '../../dist/config/parse.js';

const { dependencies } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const config = parseConfig({ OTEL_LOG_LEVEL: 'none' }, { name: 'catalog', version: '1.0.0' }).config;

test('every accepted instrumentation name has exactly one catalog entry', () => {
  assert.deepEqual(Object.keys(CATALOG).sort(), [...KNOWN_INSTRUMENTATIONS].sort());
});

test("each entry's packages are the ones its instrumentation declares", () => {
  for (const [name, entry] of Object.entries(CATALOG)) {
    if (name === 'fastify') continue; // diagnostics channels, no instrumentation object
    const instrumentations = entry.create(config, {});
    try {
      const declared = new Set(instrumentations.flatMap((instrumentation) => instrumentation.getModuleDefinitions?.() ?? []).map((definition) => definition.name));
      const expected = ['http', 'undici', 'runtime-node'].includes(name) ? [] : [...declared];
      assert.deepEqual([...entry.modules].sort(), expected.sort(), name);
    } finally {
      for (const instrumentation of instrumentations) instrumentation.disable();
    }
  }
});

test('every instrumentation package the catalog loads is a dependency of the package', () => {
  const source = readFileSync(new URL('../../src/sdk/instrumentation-catalog.ts', import.meta.url), 'utf8');
  const loaded = [...new Set([...source.matchAll(/'(@opentelemetry\/instrumentation-[a-z0-9.-]+)'/g)].map((match) => match[1]))];
  assert.ok(loaded.length >= 30, `${loaded.length} packages`);
  for (const packageName of loaded) assert.ok(dependencies[packageName], `${packageName} is not in dependencies`);
});
