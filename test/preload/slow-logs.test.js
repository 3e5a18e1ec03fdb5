// Slow requests are logged as warnings with the route, the duration and the trace id, sampled
// or not, on stdout and over OTLP; fast ones are not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { attributesOf, startReceiver } from '../support/otlp-receiver.js';

test('a request slower than OBS_SLOW_REQUEST_MS is logged with its route, duration and trace id', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/esm-express.mjs', {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'slow-test', NODE_ENV: 'production', OBS_SLOW_REQUEST_MS: '100', SLOW_MS: '150' },
  });
  assert.equal((await app.get('/users/1')).status, 200);
  assert.equal((await app.get('/slow')).status, 200);
  const record = await receiver.waitFor((r) => r.logRecords().find((log) => log.body?.stringValue === 'slow request' || log.body === 'slow request'), { what: 'the slow-request record' });
  await app.stop('SIGTERM');
  await receiver.close();

  const lines = app.jsonLines().filter((line) => line.msg === 'slow request');
  assert.equal(lines.length, 1, 'only the slow request');
  const [line] = lines;
  assert.equal(line.level, 'warn');
  assert.equal(line['http.route'], '/slow');
  assert.equal(line['http.request.method'], 'GET');
  assert.equal(line['http.response.status_code'], 200);
  assert.equal(line.threshold_ms, 100);
  assert.ok(line.duration_ms >= 150);
  assert.match(line.trace_id, /^[0-9a-f]{32}$/);
  // Production samples 10%: sampled or rescued, the server span has the log line's trace id.
  const server = receiver.spans().find((span) => span.kind === 2 && attributesOf(span.attributes)['http.route'] === '/slow');
  assert.equal(server?.traceId, line.trace_id);
  assert.equal(record.traceId, line.trace_id);
});
