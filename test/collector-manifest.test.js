// The collector-builder manifest lists exactly the components otel-collector/config.yaml
// uses, kind by kind, and the binary built from it (scripts/build-stack-binaries.sh) reports
// the manifest's version.
//
// Types come from the manifest's module names (otlphttpexporter -> otlphttp), because the
// built binary's `components` command omits some exporters (0.149.0 lists no otlphttp,
// although the binary has it: the end-to-end suite sends through it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './support/app-process.js';
import { binary } from './e2e/support/stack.js';

const KINDS = ['receiver', 'processor', 'exporter', 'connector', 'extension'];
/** Module names whose component type is spelt differently. */
const TYPE_NAMES = { memorylimiter: 'memory_limiter', healthcheck: 'health_check' };
const manifest = readFileSync(join(REPO_ROOT, 'otel-collector/builder-config.yaml'), 'utf8');

function manifestComponents() {
  const found = Object.fromEntries(KINDS.map((kind) => [kind, []]));
  for (const [, module] of manifest.matchAll(/gomod: (\S+) v\S+/g)) {
    const name = module.split('/').at(-1);
    const kind = KINDS.find((candidate) => name.endsWith(candidate));
    if (!kind) continue; // confmap providers
    const stem = name.slice(0, -kind.length);
    found[kind].push(TYPE_NAMES[stem] ?? stem);
  }
  return Object.fromEntries(KINDS.map((kind) => [kind, found[kind].sort()]));
}

/** Component types config.yaml names under `receivers:` etc. (ids are `type` or `type/name`). */
function configComponents() {
  const found = Object.fromEntries(KINDS.map((kind) => [kind, new Set()]));
  let kind;
  for (const line of readFileSync(join(REPO_ROOT, 'otel-collector/config.yaml'), 'utf8').split('\n')) {
    if (/^\S/.test(line)) kind = KINDS.find((candidate) => line.startsWith(`${candidate}s:`));
    const id = kind && /^ {2}([a-z_]+)(?:\/[\w-]+)?:\s*$/.exec(line);
    if (id) found[kind].add(id[1]);
  }
  return Object.fromEntries(KINDS.map((name) => [name, [...found[name]].sort()]));
}

test('the builder manifest lists exactly the components config.yaml uses', () => {
  const used = configComponents();
  assert.deepEqual(used.processor, ['batch', 'memory_limiter', 'redaction'], 'the configuration was read');
  assert.deepEqual(manifestComponents(), used);
});

test('the built collector reports the manifest version and its receivers, processors, connectors and extensions', () => {
  const result = spawnSync(binary('otelcol-stack'), ['components'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const version = /^ {2}version: (\S+)$/m.exec(manifest)[1];
  assert.match(result.stdout, new RegExp(`^ {4}version: ${version.replaceAll('.', '\\.')}$`, 'm'));
  const listed = new Set([...result.stdout.matchAll(/^\s+- name: (\S+)$/gm)].map((match) => match[1]));
  const expected = manifestComponents();
  for (const kind of ['receiver', 'processor', 'connector', 'extension']) {
    for (const type of expected[kind]) assert.ok(listed.has(type), `${kind} ${type} is in the binary`);
  }
});
