// With the collector down or hanging the application keeps serving: no request waits on
// export, queues are bounded and what is dropped is counted, and stderr is not flooded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort, startApp } from '../support/app-process.js';
import { startReceiver } from '../support/otlp-receiver.js';
import { eventually, scaled } from '../support/timing.js';

test('collector down: requests keep succeeding and the SDK logs at most a few lines', async () => {
  // A port nothing listens on: the collector is down.
  const port = await freePort();
  const app = await startApp('test/fixtures/esm-express.mjs', {
    // A short export deadline, so that the exporters give up on their retries, and say so,
    // within the test's window.
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_LOG_LEVEL: 'warn', OBS_EXPORT_TIMEOUT_MS: '1000' },
  });
  const started = Date.now();
  for (let index = 0; index < 200; index++) assert.equal((await app.get(`/users/${index}`)).status, 200);
  // Flooding is a matter of time passing: let several export rounds fail (1 s apart).
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const stderrLines = app.stderr.split('\n').filter(Boolean);
  assert.ok(stderrLines.length <= 10, `stderr was flooded:\n${app.stderr}`);
  // One readable line that says what happened, not the SDK's JSON-serialised stack.
  assert.match(app.stderr, /\[otel error\] telemetry export failed: connect ECONNREFUSED 127\.0\.0\.1:\d+; what could not be sent is dropped and counted/);
  assert.doesNotMatch(app.stderr, /"stack"|\n\s+at /);
  assert.ok(Date.now() - started < scaled(20_000));
  const ended = await app.stop('SIGTERM');
  assert.equal(ended.signal, 'SIGTERM');
  // A refused connection will not be accepted by a retry: the final flush does not wait for one.
  assert.ok(ended.elapsedMs < scaled(1_000), `ended ${ended.elapsedMs} ms after SIGTERM`);
  assert.doesNotMatch(app.stderr, /OBS_SHUTDOWN_TIMEOUT/);
});

test('collector hanging: the span queue is bounded and dropped spans are counted', async () => {
  const receiver = await startReceiver();
  receiver.mode = 'hang';
  // The pull endpoint's port is configuration the app is given, so the test picks a free one.
  const metricsPort = await freePort();
  const app = await startApp('test/fixtures/esm-express.mjs', {
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OBS_MAX_QUEUE_SIZE: '64',
      OBS_EXPORT_TIMEOUT_MS: '10000',
      // Metrics are read from the pull endpoint, since the push path is what hangs.
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    },
  });
  // Behaviour, not speed: a request that waited on the hanging export would take the whole
  // 10 s export timeout; none may come anywhere near it.
  let slowestMs = 0;
  for (let index = 0; index < 400; index++) {
    const started = Date.now();
    assert.equal((await app.get(`/users/${index}`)).status, 200);
    slowestMs = Math.max(slowestMs, Date.now() - started);
  }
  assert.ok(slowestMs < scaled(2_000), `the slowest request took ${slowestMs} ms while exports hung`);
  // The worker moves spans from the shared ring into its queue as it drains: on a busy machine
  // the last requests' spans may still be in the ring when the last answer arrives.
  let page = '';
  const dropped = await eventually(async () => {
    page = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return page.split('\n').find((line) => line.startsWith('otel_sdk_processor_span_processed') && line.includes('error_type="queue_full"'));
  }, 'a queue_full count').catch(() => undefined);
  assert.ok(dropped, `a queue_full count in:\n${page.split('\n').filter((l) => l.startsWith('otel_sdk')).join('\n')}`);
  assert.ok(Number(dropped.split(' ').pop()) > 0);
  const rss = page.split('\n').find((line) => line.startsWith('process_memory_usage'));
  assert.ok(rss, 'process memory is reported');
  await app.stop('SIGKILL');
  await receiver.close();
});
