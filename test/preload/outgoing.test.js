// Outgoing HTTP calls: a CLIENT span that carries the trace to the next service (W3C
// traceparent), and http.client.request.duration with the same bucket boundaries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { attributesOf, dataPointsOf, startReceiver } from '../support/otlp-receiver.js';

test('an outgoing call propagates the trace and records the client duration histogram', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/esm-express.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  assert.equal((await app.get('/outgoing')).status, 200);
  const downstream = await receiver.waitFor((r) => r.spans().find((s) => s.kind === 2 && attributesOf(s.attributes)['url.path'] === '/users/downstream'), { what: 'the downstream server span' });
  const client = receiver.spans().find((s) => s.spanId === downstream.parentSpanId);
  assert.ok(client, 'the downstream span is a child of a span of the caller');
  assert.equal(client.kind, 3, 'its parent is a CLIENT span');
  const upstream = receiver.spans().find((s) => s.kind === 2 && attributesOf(s.attributes)['url.path'] === '/outgoing');
  assert.equal(client.traceId, upstream.traceId);
  assert.equal(downstream.traceId, upstream.traceId);
  const point = await receiver.waitFor((r) => dataPointsOf(r, 'http.client.request.duration')[0], { what: 'http.client.request.duration' });
  for (const boundary of [0.2, 0.5, 1, 2, 5]) assert.ok(point.explicitBounds.includes(boundary), `bucket boundary ${boundary}`);
  await app.stop('SIGKILL');
  await receiver.close();
});
