// A script that ends by itself, with nothing left to do: under the preload it prints and ends
// exactly as bare (its own 'beforeExit' listener runs once, as Node emits the event once), its
// telemetry is exported on the way out, metrics included, and a collector that refuses
// connections costs no wait and no warning.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort, runToEnd } from '../support/app-process.js';
import { startReceiver } from '../support/otlp-receiver.js';
import { scaled } from '../support/timing.js';

const FIXTURE = 'test/fixtures/short-script.cjs';

const run = (args, env) => runToEnd(FIXTURE, { args, env });

const PRELOAD = ['--import', './instrument'];

test('a script that runs out of work ends as bare, its beforeExit listener run once, its telemetry exported', async () => {
  const receiver = await startReceiver();
  try {
    const target = `${receiver.url}/health`;
    const bare = await run([], { TARGET: target });
    const preloaded = await run(PRELOAD, { TARGET: target, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '600000', OTEL_TRACES_SAMPLER: 'always_on' });
    assert.equal(bare.stdout, 'fetched 404\nbeforeExit 1 0\n');
    assert.equal(preloaded.stdout, bare.stdout);
    assert.deepEqual([preloaded.code, preloaded.signal], [bare.code, bare.signal]);
    assert.equal(preloaded.stderr, '');
    assert.ok(receiver.spans().some((span) => span.kind === 3), 'the outgoing request\'s span was exported');
    assert.ok(receiver.metrics().some((metric) => metric.name === 'http.client.request.duration'), 'metrics were exported on the way out');
  } finally {
    await receiver.close();
  }
});

test('with the collector refusing connections, a script ends without waiting for retries and without a warning', async () => {
  const port = await freePort();
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_TRACES_SAMPLER: 'always_on' };
  const preloaded = await run(PRELOAD, env);
  assert.equal(preloaded.stdout, 'done\nbeforeExit 1 0\n');
  assert.equal(preloaded.code, 0);
  assert.equal(preloaded.stderr, '');
  // The export's first attempt fails at once; its retries would come a second and more later,
  // and the flush bound is 2 s. The preload's own start-up is in this figure too.
  assert.ok(preloaded.elapsedMs < scaled(1_500), `ended after ${Math.round(preloaded.elapsedMs)} ms`);
});
