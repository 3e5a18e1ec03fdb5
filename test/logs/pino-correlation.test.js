// Trace correlation in the application's own pino output: inside a request, each line carries
// the request's trace_id, span_id and trace_flags (as two hex digits, `01` recorded, `00` not);
// outside any request a line carries none of them; an application's own mixin still applies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { eventually } from '../support/timing.js';

const SAMPLED_HEADER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const UNSAMPLED_HEADER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';

test('pino lines carry the active request\'s trace context, as the stock mixin wrote it, beside the app\'s own mixin', async () => {
  const app = await startApp('test/fixtures/pino-correlation-app.mjs', {
    env: { OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' },
  });
  try {
    assert.equal((await app.get('/sampled', { headers: { traceparent: SAMPLED_HEADER } })).status, 200);
    assert.equal((await app.get('/unsampled', { headers: { traceparent: UNSAMPLED_HEADER } })).status, 200);
    // A response can arrive before the app's stdout has been read here: wait for both lines.
    const lines = await eventually(() => {
      const all = app.jsonLines();
      return all.filter((line) => line.msg === 'handled').length === 2 && all.filter((line) => line.active).length === 2 && all;
    }, 'the lines logged by both requests');

    const started = lines.find((line) => line.msg === 'started');
    assert.ok(started, 'the line logged outside any request');
    assert.equal(started.served, 0, 'the app\'s own mixin applies');
    for (const key of ['trace_id', 'span_id', 'trace_flags']) assert.ok(!(key in started), `no ${key} outside a request`);

    for (const [path, flags] of [['/sampled', '01'], ['/unsampled', '00']]) {
      const active = lines.find((line) => line.active === path);
      const handled = lines.find((line) => line.msg === 'handled' && line.path === path);
      assert.ok(active && handled, `the lines of ${path}`);
      assert.match(handled.trace_id, /^[0-9a-f]{32}$/);
      assert.equal(handled.trace_id, active.traceId, `${path}: the line's trace id is its request's`);
      assert.equal(handled.span_id, active.spanId, `${path}: the line's span id is its request's server span`);
      assert.equal(handled.trace_flags, flags, `${path}: the flags as two hex digits`);
      assert.equal(Number.parseInt(handled.trace_flags, 16), active.traceFlags);
      assert.equal(handled.served, path === '/sampled' ? 1 : 2, 'the app\'s own mixin still applies');
    }
    assert.equal(lines.find((line) => line.path === '/sampled').trace_id, SAMPLED_HEADER.split('-')[1], 'the propagated trace continues');
  } finally {
    await app.stop('SIGKILL');
  }
});
