// Each kind of application (CommonJS, ES modules with Express and with Fastify, TypeScript
// through tsx) runs in a child process under `--import ./instrument` and exports to a
// receiver in this test. One table, the same assertions: spans with the route template and
// status, the duration histogram with the documented bucket boundaries, runtime metrics,
// and pino lines carrying the trace id of their request, on stdout and over OTLP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { attributesOf, dataPointsOf, startReceiver } from '../support/otlp-receiver.js';

const KINDS = [
  { name: 'ES-module Express 5', fixture: 'test/fixtures/esm-express.mjs', ok: '/users/7', route: '/users/:id', fail: '/fail', failStatus: 500, protocol: 'http/protobuf', handlerSpans: '@opentelemetry/instrumentation-express' },
  { name: 'ES-module Fastify 5', fixture: 'test/fixtures/esm-fastify.mjs', ok: '/items/7', route: '/items/:id', fail: '/fail', failStatus: 500, protocol: 'http/json', rejected: { path: '/items', route: '/items' } },
  { name: 'CommonJS node:http', fixture: 'test/fixtures/cjs-app.cjs', ok: '/anything?x=1', route: undefined, fail: '/fail', failStatus: 503, protocol: 'http/json' },
  { name: 'TypeScript via tsx', fixture: 'test/fixtures/ts-app.ts', ok: '/orders/7', route: '/orders/:id', fail: undefined, protocol: 'http/protobuf', args: ['--import', './instrument', '--import', 'tsx'], handlerSpans: '@opentelemetry/instrumentation-express' },
];

for (const kind of KINDS) {
  describe(`${kind.name} under the preload`, () => {
    let receiver;
    let app;
    before(async () => {
      receiver = await startReceiver();
      app = await startApp(kind.fixture, {
        args: kind.args,
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: kind.protocol, OTEL_SERVICE_NAME: 'kind-test', NODE_ENV: 'development' },
      });
      assert.equal((await app.get(kind.ok)).status, 200);
      if (kind.fail) assert.equal((await app.get(kind.fail)).status, kind.failStatus);
      if (kind.rejected) {
        for (const body of ['{"name":', '{"other":1}']) {
          assert.equal((await app.get(kind.rejected.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status, 400);
        }
      }
    });
    after(async () => {
      await app?.stop('SIGKILL');
      await receiver?.close();
    });

    test('exports a SERVER span named after the route template, with status code', async () => {
      const span = await receiver.waitFor((r) => r.spans().find((s) => s.kind === 2 && attributesOf(s.attributes)['url.path'] === kind.ok.split('?')[0]), { what: 'the server span' });
      const attributes = attributesOf(span.attributes);
      assert.equal(attributes['http.response.status_code'], 200);
      assert.equal(attributes['http.request.method'], 'GET');
      assert.equal(attributes['http.route'], kind.route);
      assert.equal(span.name, kind.route ? `GET ${kind.route}` : 'GET');
      assert.equal(attributesOf(span.resource.attributes)['service.name'], 'kind-test');
      assert.notEqual(span.status?.code, 2);
    });

    if (kind.fail) {
      test('marks a failed request as an error span with error.type', async () => {
        const span = await receiver.waitFor((r) => r.spans().find((s) => s.kind === 2 && attributesOf(s.attributes)['url.path'] === kind.fail), { what: 'the failed span' });
        assert.equal(span.status.code, 2);
        assert.equal(attributesOf(span.attributes)['error.type'], String(kind.failStatus));
      });
    }

    if (kind.rejected) {
      test('gives requests rejected before their handler (malformed or invalid body) their route', async () => {
        const points = await receiver.waitFor((r) => {
          const found = dataPointsOf(r, 'http.server.request.duration').filter((p) => p.attributes['http.response.status_code'] === 400);
          return found.length > 0 && found.reduce((sum, p) => sum + Number(p.count), 0) >= 2 ? found : undefined;
        }, { what: 'the 400 durations' });
        assert.ok(points.every((point) => point.attributes['http.route'] === kind.rejected.route), JSON.stringify(points.map((p) => p.attributes)));
        assert.ok(points.every((point) => point.attributes['error.type'] === undefined));
      });
    }

    if (kind.handlerSpans) {
      test('records framework spans as children of the server span (the ES-module hook patched the framework)', async () => {
        const server = await receiver.waitFor((r) => r.spans().find((s) => s.kind === 2 && attributesOf(s.attributes)['http.route'] === kind.route));
        const handler = await receiver.waitFor((r) => r.spans().find((s) => s.scope.name === kind.handlerSpans && s.traceId === server.traceId), { what: 'a framework span' });
        assert.equal(handler.parentSpanId, server.spanId);
        // Express 5 routes through the `router` package too: one span per handler, not two.
        const frameworkSpans = receiver.spans().filter((s) => s.traceId === server.traceId && s.scope.name === kind.handlerSpans);
        assert.deepEqual(frameworkSpans.map((s) => attributesOf(s.attributes)['express.type']), ['request_handler']);
      });
    }

    test('records http.server.request.duration with the route and the documented bucket boundaries', async () => {
      const point = await receiver.waitFor((r) => dataPointsOf(r, 'http.server.request.duration').find((p) => p.attributes['http.response.status_code'] === 200), { what: 'the duration histogram' });
      assert.equal(point.metric.unit, 's');
      assert.equal(point.attributes['http.route'], kind.route);
      for (const boundary of [0.2, 0.5, 1, 2, 5]) assert.ok(point.explicitBounds.includes(boundary), `bucket boundary ${boundary}`);
      assert.ok(Number(point.count) >= 1);
    });

    test('exports Node runtime and process metrics', async () => {
      const names = ['nodejs.eventloop.delay.p99', 'nodejs.eventloop.utilization', 'v8js.memory.heap.used', 'process.cpu.utilization', 'process.memory.usage'];
      await receiver.waitFor((r) => names.every((name) => dataPointsOf(r, name).length > 0), { what: names.join(', ') });
    });

    test('writes pino lines with the trace id of their request, on stdout and over OTLP', async () => {
      const server = await receiver.waitFor((r) => r.spans().find((s) => s.kind === 2 && attributesOf(s.attributes)['url.path'] === kind.ok.split('?')[0]));
      const line = app.jsonLines().find((record) => record.msg && record.trace_id);
      assert.ok(line, `a pino line with trace_id on stdout: ${app.stdout}`);
      assert.equal(line.trace_id, server.traceId);
      assert.equal(line.span_id.length, 16);
      const exported = await receiver.waitFor((r) => r.logRecords().find((record) => record.traceId === server.traceId), { what: 'the exported log record' });
      assert.equal(exported.spanId.length, 16);
    });
  });
}
