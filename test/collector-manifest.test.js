// The collector-builder manifest lists exactly the components the stack's collector
// configurations use, kind by kind: config.yaml (single host), agent.yaml and gateway.yaml
// (the scaled topology's two tiers, one binary for both); the binary built from it
// (scripts/build-stack-binaries.sh) reports the manifest's version; and what the tiers repeat
// from the single-host file (masks, span metrics) stays identical to it. The manifest, the configuration and the binary's `components`
// report are all YAML, read here as parsed documents.
//
// Types come from the manifest's module names (otlphttpexporter -> otlphttp), because the
// built binary's `components` command omits some exporters (0.148.0 lists no otlphttp,
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
const TYPE_NAMES = { memorylimiter: 'memory_limiter', healthcheck: 'health_check', tailsampling: 'tail_sampling', filestorage: 'file_storage' };
const read = (file) => parse(readFileSync(join(REPO_ROOT, 'otel-collector', file), 'utf8'));
const manifest = read('builder-config.yaml');
const configs = { single: read('config.yaml'), agent: read('agent.yaml'), gateway: read('gateway.yaml') };

/** Component types by kind, from the manifest's `gomod: <module> <version>` entries (confmap providers are not components). */
function manifestComponents() {
  return Object.fromEntries(KINDS.map((kind) => [kind, (manifest[`${kind}s`] ?? []).map(({ gomod }) => {
    const [module, version] = gomod.split(' ');
    assert.match(version ?? '', /^v\d+\.\d+\.\d+$/, `${gomod} names a version`);
    const name = module.split('/').at(-1);
    // Storage extensions live under extension/storage/ and are named for the storage.
    const stem = module.includes(`/${kind}/storage/`) ? name : name.slice(0, -kind.length);
    assert.ok(module.includes(`/${kind}/`) && (name.endsWith(kind) || stem === name), `${module} is listed under ${kind}s`);
    return TYPE_NAMES[stem] ?? stem;
  }).sort()]));
}

/** Component types the configurations name under `receivers:` etc. (ids are `type` or `type/name`). */
function configComponents(...files) {
  return Object.fromEntries(KINDS.map((kind) => [kind, [...new Set(files.flatMap((config) => Object.keys(config[`${kind}s`] ?? {}).map((id) => id.split('/')[0])))].sort()]));
}

test('the builder manifest lists exactly the components the single-host, agent and gateway configurations use', () => {
  assert.deepEqual(configComponents(configs.single).processor, ['batch', 'memory_limiter', 'redaction', 'resource'], 'the configuration was read');
  assert.deepEqual(configComponents(configs.gateway).processor, ['memory_limiter', 'tail_sampling']);
  assert.deepEqual(manifestComponents(), configComponents(...Object.values(configs)));
});

test('the scaled tiers repeat the single-host collector\'s masks, span metrics and database volume exactly', () => {
  assert.deepEqual(configs.agent.processors.redaction, configs.single.processors.redaction, 'agent.yaml scrubs as config.yaml does');
  assert.deepEqual(configs.agent.processors['resource/database'], configs.single.processors['resource/database']);
  assert.deepEqual(configs.agent.receivers['hostmetrics/database'], configs.single.receivers['hostmetrics/database']);
  assert.deepEqual(configs.gateway.connectors.spanmetrics, configs.single.connectors.spanmetrics, 'gateway.yaml derives the same span metrics');
  for (const tier of ['agent', 'gateway']) assert.deepEqual(configs[tier].processors.memory_limiter, configs.single.processors.memory_limiter, `${tier}.yaml limits memory alike`);
});

test('the gateways keep every slow trace from the response-time threshold the alerts use', () => {
  const thresholds = JSON.parse(readFileSync(join(REPO_ROOT, 'prometheus/thresholds.json'), 'utf8'));
  const slow = configs.gateway.processors.tail_sampling.policies.find((policy) => policy.type === 'latency');
  assert.equal(slow.latency.threshold_ms, thresholds.alerts.W9.value * 1000, 'ElevatedResponseTime (W9) in seconds, the policy in milliseconds');
});

test('every exporter of both tiers queues on disk, in the storage the tier declares', () => {
  for (const tier of ['agent', 'gateway']) {
    const config = configs[tier];
    for (const [id, exporter] of Object.entries(config.exporters)) {
      assert.equal(exporter.sending_queue?.storage, 'file_storage/queue', `${tier}.yaml ${id} queues on disk`);
    }
    assert.ok(config.service.extensions.includes('file_storage/queue'), `${tier}.yaml runs its storage`);
    for (const [name, pipeline] of Object.entries(config.service.pipelines)) {
      assert.ok(!pipeline.processors.includes('batch'), `${tier}.yaml ${name}: no batch processor holds accepted data in memory`);
    }
  }
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
