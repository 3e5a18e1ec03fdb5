// The collector-builder manifest lists exactly the components otel-collector/config.yaml
// uses, kind by kind, and the binary built from it (scripts/build-stack-binaries.sh) reports
// the manifest's version. The manifest, the configuration and the binary's `components`
// report are all YAML, read here as parsed documents.
//
// Types come from the manifest's module names (otlphttpexporter -> otlphttp), because the
// built binary's `components` command omits some exporters (0.149.0 lists no otlphttp,
// although the binary has it: the end-to-end suite sends through it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from './support/app-process.js';
import { binary } from './e2e/support/stack.js';

const KINDS = ['receiver', 'processor', 'exporter', 'connector', 'extension'];
/** Module names whose component type is spelt differently. */
const TYPE_NAMES = { memorylimiter: 'memory_limiter', healthcheck: 'health_check' };
const manifest = parse(readFileSync(join(REPO_ROOT, 'otel-collector/builder-config.yaml'), 'utf8'));
const config = parse(readFileSync(join(REPO_ROOT, 'otel-collector/config.yaml'), 'utf8'));

/** Component types by kind, from the manifest's `gomod: <module> <version>` entries (confmap providers are not components). */
function manifestComponents() {
  return Object.fromEntries(KINDS.map((kind) => [kind, (manifest[`${kind}s`] ?? []).map(({ gomod }) => {
    const [module, version] = gomod.split(' ');
    assert.match(version ?? '', /^v\d+\.\d+\.\d+$/, `${gomod} names a version`);
    const name = module.split('/').at(-1);
    assert.ok(name.endsWith(kind), `${module} is listed under ${kind}s`);
    const stem = name.slice(0, -kind.length);
    return TYPE_NAMES[stem] ?? stem;
  }).sort()]));
}

/** Component types config.yaml names under `receivers:` etc. (ids are `type` or `type/name`). */
function configComponents() {
  return Object.fromEntries(KINDS.map((kind) => [kind, [...new Set(Object.keys(config[`${kind}s`] ?? {}).map((id) => id.split('/')[0]))].sort()]));
}

test('the builder manifest lists exactly the components config.yaml uses', () => {
  const used = configComponents();
  assert.deepEqual(used.processor, ['batch', 'memory_limiter', 'redaction', 'resource'], 'the configuration was read');
  assert.deepEqual(manifestComponents(), used);
});

test('the built collector reports the manifest version and its receivers, processors, connectors and extensions', () => {
  const result = spawnSync(binary('otelcol-stack'), ['components'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const report = parse(result.stdout);
  assert.equal(report.buildinfo.version, manifest.dist.version);
  const expected = manifestComponents();
  for (const kind of ['receiver', 'processor', 'connector', 'extension']) {
    const listed = new Set((report[`${kind}s`] ?? []).map((component) => component.name));
    for (const type of expected[kind]) assert.ok(listed.has(type), `${kind} ${type} is in the binary`);
  }
});
