// Head sampling follows the deployment environment; in production a request the sampler
// dropped is still traced when it fails or is slow, under the trace id its logs carry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { attributesOf, startReceiver } from '../support/otlp-receiver.js';

describe('production sampling with a ratio of 0', () => {
  let receiver;
  let app;
  before(async () => {
    receiver = await startReceiver();
    app = await startApp('test/fixtures/esm-express.mjs', {
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        NODE_ENV: 'production',
        OTEL_TRACES_SAMPLER_ARG: '0',
        OBS_SLOW_REQUEST_MS: '40',
        SLOW_MS: '120',
      },
    });
    for (let index = 0; index < 5; index++) await app.get(`/users/${index}`);
    await app.get('/fail');
    await app.get('/slow');
    await app.get('/health');
  });
  after(async () => {
    await app?.stop('SIGKILL');
    await receiver?.close();
  });

  test('fast successful requests are not traced but still counted', async () => {
    await receiver.waitFor((r) => r.spans().some((s) => attributesOf(s.attributes)['url.path'] === '/slow'));
    // None is traced, unless a busy machine made it slower than OBS_SLOW_REQUEST_MS (40 ms
    // here): then it is rescued as slow, as the policy says, and lasted that long.
    for (const span of receiver.spans().filter((s) => attributesOf(s.attributes)['http.route'] === '/users/:id')) {
      assert.equal(attributesOf(span.attributes)['sampling.rescued_because'], 'slow');
      assert.ok((Number(span.endTimeUnixNano) - Number(span.startTimeUnixNano)) / 1e6 >= 40);
    }
    const { dataPointsOf } = await import('../support/otlp-receiver.js');
    const point = await receiver.waitFor((r) => dataPointsOf(r, 'http.server.request.duration').find((p) => p.attributes['http.route'] === '/users/:id'));
    assert.equal(Number(point.count), 5);
  });

  test('a failed request is traced anyway, as an error, with the trace id of its log lines', async () => {
    const span = await receiver.waitFor((r) => r.spans().find((s) => attributesOf(s.attributes)['url.path'] === '/fail'), { what: 'the rescued error span' });
    const attributes = attributesOf(span.attributes);
    assert.equal(span.status.code, 2);
    assert.equal(attributes['sampling.rescued_because'], 'error');
    assert.equal(attributes['http.route'], '/fail');
    assert.equal(span.name, 'GET /fail');
  });

  test('a slow request is traced anyway', async () => {
    const span = await receiver.waitFor((r) => r.spans().find((s) => attributesOf(s.attributes)['url.path'] === '/slow'));
    assert.equal(attributesOf(span.attributes)['sampling.rescued_because'], 'slow');
    const durationMs = (Number(span.endTimeUnixNano) - Number(span.startTimeUnixNano)) / 1e6;
    assert.ok(durationMs >= 100, `span lasts ${durationMs} ms`);
  });

  test('log lines of unsampled requests still carry a trace id (unsampled flag)', () => {
    const line = app.jsonLines().find((record) => record.msg === 'loading user');
    assert.equal(line.trace_id.length, 32);
    assert.equal(line.trace_flags, '00');
  });

  test('health checks are neither traced nor counted', async () => {
    const { dataPointsOf } = await import('../support/otlp-receiver.js');
    await receiver.waitFor((r) => dataPointsOf(r, 'http.server.request.duration').length > 0);
    assert.equal(dataPointsOf(receiver, 'http.server.request.duration').filter((p) => p.attributes['http.route'] === '/health').length, 0);
    assert.equal(receiver.spans().filter((s) => attributesOf(s.attributes)['url.path'] === '/health').length, 0);
  });
});

test('staging samples about half of new traces, and an incoming sampled parent is always followed', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/esm-express.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, NODE_ENV: 'staging' } });
  const total = 200;
  for (let index = 0; index < total; index++) await app.get(`/users/${index}`);
  const parentTraceId = '0af7651916cd43dd8448eb211c80319c';
  await app.get('/users/parent', { headers: { traceparent: `00-${parentTraceId}-b7ad6b7169203331-01` } });
  const child = await receiver.waitFor((r) => r.spans().find((s) => s.traceId === parentTraceId && s.kind === 2), { what: 'the span continuing the parent trace' });
  assert.equal(child.parentSpanId, 'b7ad6b7169203331');
  await app.stop('SIGTERM');
  const sampled = receiver.spans().filter((s) => s.kind === 2 && s.traceId !== parentTraceId).length;
  // Binomial(200, 0.5): 60..140 is more than 8 standard deviations wide.
  assert.ok(sampled > 60 && sampled < 140, `${sampled} of ${total} sampled`);
  await receiver.close();
});
