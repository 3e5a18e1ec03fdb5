// What crosses the ring decodes into what the OTLP serializers read: spans and API log
// records round-trip field by field, and a pino line becomes a record with the line's own
// fields as attributes, its message as the body, and the header's time, severity and context.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeverityNumber } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { decodeLogRecord, encodeLogRecord } from '../../dist/export/log-records.js';
import { decodePinoLine, pinoLineHeader } from '../../dist/export/pino-lines.js';
import { ScopeInterner } from '../../dist/export/scopes.js';
import { decodeSpan, encodeSpan } from '../../dist/export/span-records.js';

const resource = resourceFromAttributes({ 'service.name': 'records' });
const TRACE = '0af7651916cd43dd8448eb211c80319c';

test('a span keeps its ids, parent, timing, status, attributes, events, links and scope', () => {
  const context = { traceId: TRACE, spanId: 'b7ad6b7169203331', traceFlags: 1 };
  const span = {
    name: 'GET /users/:id', kind: 1, spanContext: () => context,
    parentSpanContext: { traceId: TRACE, spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true },
    startTime: [1700000000, 5], endTime: [1700000001, 4], duration: [0, 999999999],
    status: { code: 2, message: 'boom' },
    attributes: { 'http.route': '/users/:id', 'http.response.status_code': 500, retried: true, tags: ['a', 'b'] },
    events: [{ name: 'exception', time: [1700000000, 9], attributes: { 'exception.type': 'Error' }, droppedAttributesCount: 0 }],
    links: [{ context: { traceId: TRACE, spanId: '1111111111111111', traceFlags: 0 }, attributes: { why: 'retry' }, droppedAttributesCount: 1 }],
    droppedAttributesCount: 2, droppedEventsCount: 0, droppedLinksCount: 0,
    instrumentationScope: { name: 'scope', version: '1.2.3' }, resource, ended: true,
  };
  const scopes = new ScopeInterner();
  const decoded = decodeSpan(encodeSpan(span), resource, scopes);
  assert.deepEqual(decoded.spanContext(), context);
  assert.deepEqual(decoded.parentSpanContext, span.parentSpanContext);
  for (const key of ['name', 'kind', 'startTime', 'endTime', 'duration', 'status', 'attributes', 'events', 'links', 'droppedAttributesCount']) {
    assert.deepEqual(decoded[key], span[key], key);
  }
  assert.equal(decoded.resource, resource);
  assert.equal(decoded.instrumentationScope, decodeSpan(encodeSpan(span), resource, scopes).instrumentationScope, 'scopes are shared objects');
});

test('an API log record keeps time, context, severity, body, attributes and event name', () => {
  const record = {
    hrTime: [1700000000, 1], hrTimeObserved: [1700000000, 2],
    spanContext: { traceId: TRACE, spanId: 'b7ad6b7169203331', traceFlags: 1 },
    severityNumber: SeverityNumber.ERROR, severityText: 'error', body: 'TypeError: x',
    attributes: { 'error.type': 'TypeError', nested: { depth: 1 } }, droppedAttributesCount: 0,
    eventName: 'app.error', instrumentationScope: { name: 'node-otel-stack' }, resource,
  };
  const decoded = decodeLogRecord(encodeLogRecord(record), resource, new ScopeInterner());
  for (const key of ['hrTime', 'hrTimeObserved', 'spanContext', 'severityNumber', 'severityText', 'body', 'attributes', 'eventName']) {
    assert.deepEqual(decoded[key], record[key], key);
  }
});

test("a pino line's fields become attributes, its message the body; time, level and ids come from the header", () => {
  const line = '{"level":"warn","time":"2026-11-29T00:00:00.000Z","pid":7,"tenant":"acme","req":{"method":"GET"},"trace_id":"t","span_id":"s","trace_flags":"01","message":"slow"}\n';
  const header = pinoLineHeader(1700000000123, 40, 'warn', 'message', TRACE, 'b7ad6b7169203331', 1);
  const record = decodePinoLine(header + line, resource, { name: 'pino' });
  assert.deepEqual(record.hrTime, [1700000000, 123000000]);
  assert.equal(record.severityNumber, SeverityNumber.WARN);
  assert.equal(record.severityText, 'warn');
  assert.equal(record.body, 'slow');
  assert.deepEqual(record.attributes, { pid: 7, tenant: 'acme', req: { method: 'GET' } });
  assert.deepEqual(record.spanContext, { traceId: TRACE, spanId: 'b7ad6b7169203331', traceFlags: 1 });
});

test('a line outside any span has no trace context, and a line that is not JSON is the body', () => {
  const header = pinoLineHeader(1700000000000, 30, 'info', 'msg', '', '', 0);
  assert.equal(decodePinoLine(`${header}{"msg":"hi"}\n`, resource, { name: 'pino' }).spanContext, undefined);
  const plain = decodePinoLine(`${header}plain text line\n`, resource, { name: 'pino' });
  assert.equal(plain.body, 'plain text line');
  assert.deepEqual(plain.attributes, {});
});
