// Each signal may take its own OTLP encoding (OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL over
// OTEL_EXPORTER_OTLP_PROTOCOL), and a standard SDK variable this bootstrap settles another way
// (a batch delay) is reported once, with what applies instead, rather than silently ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { startReceiver } from '../support/otlp-receiver.js';

test('traces over protobuf, metrics and logs over JSON, as the per-signal variables ask; an unread variable warns once', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/cjs-app.cjs', {
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      OTEL_TRACES_SAMPLER: 'always_on',
      OTEL_BSP_SCHEDULE_DELAY: '250',
    },
  });
  try {
    assert.equal((await app.get('/per-signal')).status, 200);
    await receiver.waitFor((r) => r.spans().length > 0 && r.metrics().length > 0 && r.logRecords().length > 0, { what: 'spans, metrics and logs' });
    const typesOf = (path) => [...new Set(receiver.requests.filter((request) => request.path === path).map((request) => request.contentType))];
    assert.deepEqual(typesOf('/v1/traces'), ['application/x-protobuf']);
    assert.deepEqual(typesOf('/v1/metrics'), ['application/json']);
    assert.deepEqual(typesOf('/v1/logs'), ['application/json']);
    const warnings = app.stderr.split('\n').filter((line) => line.includes('OTEL_BSP_SCHEDULE_DELAY'));
    assert.equal(warnings.length, 1, app.stderr);
    assert.match(warnings[0], /\[OBS_BAD_ENV\] Warning: OTEL_BSP_SCHEDULE_DELAY="250" is not read here: .*; using 1000$/);
  } finally {
    await app.stop('SIGKILL');
    await receiver.close();
  }
});
