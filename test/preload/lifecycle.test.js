// SIGTERM and SIGINT: telemetry still buffered is flushed, and the process then ends as it
// would have without the preload (killed by the signal, or the app's own exit code).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { attributesOf, startReceiver } from '../support/otlp-receiver.js';
import { scaled } from '../support/timing.js';

// A long batch delay and export interval: only the shutdown flush can deliver in time.
const SLOW_EXPORT = { OTEL_METRIC_EXPORT_INTERVAL: '600000' };

for (const signal of ['SIGTERM', 'SIGINT']) {
  test(`${signal} flushes buffered spans and metrics, then the process dies of ${signal} as it would bare`, async () => {
    const receiver = await startReceiver();
    const app = await startApp('test/fixtures/cjs-app.cjs', { env: { ...SLOW_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
    await app.get('/flushed');
    const ended = await app.stop(signal);
    assert.equal(ended.signal, signal);
    assert.equal(ended.code, null);
    assert.ok(ended.elapsedMs < scaled(2_000), `ended ${ended.elapsedMs} ms after the signal`);
    assert.ok(receiver.spans().some((span) => attributesOf(span.attributes)['url.path'] === '/flushed'), 'span flushed before exit');
    assert.ok(receiver.metrics().some((metric) => metric.name === 'http.server.request.duration'), 'metrics flushed before exit');
    await receiver.close();
  });
}

test('an app with its own SIGTERM handler keeps control of how it exits', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/cjs-app.cjs', { env: { ...SLOW_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, HANDLE_SIGTERM: '1' } });
  await app.get('/x');
  const ended = await app.stop('SIGTERM');
  assert.equal(ended.code, 7);
  await receiver.close();
});

test('SIGTERM with the collector hanging still ends the process within the flush bound', async () => {
  const receiver = await startReceiver();
  receiver.mode = 'hang';
  const app = await startApp('test/fixtures/cjs-app.cjs', {
    env: { ...SLOW_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OBS_SHUTDOWN_TIMEOUT_MS: '500' },
  });
  await app.get('/x');
  const ended = await app.stop('SIGTERM');
  assert.equal(ended.signal, 'SIGTERM');
  assert.ok(ended.elapsedMs < 500 + scaled(1_000), `ended ${ended.elapsedMs} ms after SIGTERM with a 500 ms bound`);
  assert.match(app.stderr, /OBS_SHUTDOWN_TIMEOUT/);
  await receiver.close();
});

test('an app that ends itself on SIGTERM with the collector hanging waits for one flush bound, and is told once', async () => {
  const receiver = await startReceiver();
  receiver.mode = 'hang';
  const app = await startApp('test/fixtures/cjs-app.cjs', {
    env: { ...SLOW_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OBS_SHUTDOWN_TIMEOUT_MS: '1500', HANDLE_SIGTERM: '1' },
  });
  await app.get('/x');
  const ended = await app.stop('SIGTERM');
  assert.equal(ended.code, 7);
  // Once at the signal, not again when the app's handler exits.
  assert.ok(ended.elapsedMs < 1500 + scaled(1_000), `ended ${ended.elapsedMs} ms after SIGTERM with a 1500 ms bound`);
  assert.equal(app.stderr.split('\n').filter((line) => line.includes('OBS_SHUTDOWN_TIMEOUT')).length, 1, app.stderr);
  await receiver.close();
});
