// The test decoder must agree with the SDK's own encoders: the same telemetry serialised as
// protobuf and decoded here equals its OTLP/JSON serialisation, field for field and type
// for type (64-bit integers as decimal strings, ids as hex, enums and doubles as numbers).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, createTraceState, SeverityNumber, SpanKind, SpanStatusCode, trace, ValueType } from '@opentelemetry/api';
import {
  JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer,
  ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, AggregationType, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { decode, decodeLogs, decodeMetrics, decodeTraces } from './otlp-protobuf.js';

const resource = resourceFromAttributes({ 'service.name': 'decoder-test', 'process.pid': 42, 'flag': true, 'ratio': 0.5, 'list': ['a', 'b'] });
const json = (bytes) => JSON.parse(Buffer.from(bytes).toString('utf8'));

// Where OTLP/JSON as the SDK writes it legitimately differs from what protobuf can carry:
// 1. The SDK's JSON serialiser writes int64/uint64/fixed64 values that fit a double as JSON
//    numbers (the proto3 JSON mapping lets parsers accept either); the canonical form, and
//    the decoder's, is a decimal string. Only the JSON side is converted, and only these keys.
// 2. proto3 never puts a default value (0, '', false, empty repeated) on the wire, while the
//    JSON serialiser writes some (droppedAttributesCount: 0, description: '', links: []).
//    Such entries are dropped from both sides alike.
const INT64_KEYS = new Set(['intValue', 'asInt', 'count', 'zeroCount', 'bucketCounts', 'timeUnixNano', 'startTimeUnixNano', 'endTimeUnixNano', 'observedTimeUnixNano']);
const int64ToString = (value) => (typeof value === 'number' ? String(value) : Array.isArray(value) ? value.map(int64ToString) : value);
const isDefault = (value) => value === undefined || value === 0 || value === '0' || value === '' || value === false || (Array.isArray(value) && value.length === 0);
function normalise(value, fromJson) {
  if (Array.isArray(value)) return value.map((item) => normalise(item, fromJson));
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([key, v]) => [key, normalise(fromJson && INT64_KEYS.has(key) ? int64ToString(v) : v, fromJson)]);
  return Object.fromEntries(entries.filter(([, v]) => !isDefault(v)));
}
function assertSameAsJson(decoded, jsonBytes) {
  assert.deepEqual(normalise(decoded, false), normalise(json(jsonBytes), true));
}

test('spans with attributes, events, links, parents and an error status decode like OTLP/JSON', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('decoder', '1.2.3');
  const parent = tracer.startSpan('GET /users/:id', { kind: SpanKind.SERVER, attributes: { 'http.response.status_code': 500, 'url.path': '/users/7', 'big': 2 ** 40, 'neg': -3, 'tags': [1.5, 2.5] } });
  parent.addEvent('exception', { 'exception.message': 'boom', 'exception.escaped': false, 'attempt': 2 });
  parent.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  const ctx = trace.setSpan(context.active(), parent);
  const child = tracer.startSpan('SELECT users', { kind: SpanKind.CLIENT, links: [{ context: { ...parent.spanContext(), traceState: createTraceState('vendor=1') }, attributes: { why: 'retry' } }] }, ctx);
  child.end();
  parent.end();
  const spans = exporter.getFinishedSpans();

  const decoded = decodeTraces(ProtobufTraceSerializer.serializeRequest(spans));
  assertSameAsJson(decoded, JsonTraceSerializer.serializeRequest(spans));
  const [childOut, parentOut] = decoded.resourceSpans[0].scopeSpans[0].spans;
  assert.deepEqual(decoded.resourceSpans[0].scopeSpans[0].scope, { name: 'decoder', version: '1.2.3' });
  assert.equal(parentOut.traceId, parent.spanContext().traceId);
  assert.match(parentOut.traceId, /^[0-9a-f]{32}$/);
  assert.equal(parentOut.parentSpanId, undefined);
  assert.equal(childOut.parentSpanId, parent.spanContext().spanId);
  assert.equal(parentOut.kind, 2);
  assert.deepEqual(parentOut.status, { code: 2, message: 'boom' });
  assert.match(parentOut.startTimeUnixNano, /^\d{19}$/);
  assert.deepEqual(parentOut.events[0].attributes.find((a) => a.key === 'attempt').value, { intValue: '2' });
  assert.deepEqual(parentOut.attributes.find((a) => a.key === 'neg').value, { intValue: '-3' });
  assert.deepEqual(childOut.links[0].traceState, 'vendor=1');
});

test('an int counter, a double gauge and histograms decode like OTLP/JSON', async () => {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({
    resource,
    readers: [reader],
    views: [
      { instrumentName: 'duration', aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [0.2, 0.5, 1, 2, 5] } } },
      { instrumentName: 'size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } },
    ],
  });
  const meter = provider.getMeter('decoder', '0.0.1');
  meter.createCounter('requests', { valueType: ValueType.INT, description: 'requests served' }).add(3, { route: '/a' });
  const duration = meter.createHistogram('duration', { unit: 's' });
  for (const value of [0.1, 0.7, 0.7, 3, 9]) duration.record(value, { route: '/a' });
  meter.createGauge('temperature', { unit: 'Cel' }).record(-12.5);
  const size = meter.createHistogram('size');
  for (const value of [0, 0.01, 3, 1000]) size.record(value); // histograms drop negative values
  await reader.forceFlush();
  const [metrics] = exporter.getMetrics();

  const decoded = decodeMetrics(ProtobufMetricsSerializer.serializeRequest(metrics));
  assertSameAsJson(decoded, JsonMetricsSerializer.serializeRequest(metrics));
  const byName = Object.fromEntries(decoded.resourceMetrics[0].scopeMetrics[0].metrics.map((metric) => [metric.name, metric]));
  assert.deepEqual(byName.requests.sum.dataPoints[0].asInt, '3');
  assert.equal(byName.requests.sum.isMonotonic, true);
  assert.equal(byName.requests.sum.aggregationTemporality, 2);
  assert.equal(byName.requests.description, 'requests served');
  assert.equal(byName.temperature.gauge.dataPoints[0].asDouble, -12.5);
  const histogram = byName.duration.histogram.dataPoints[0];
  assert.deepEqual(histogram.explicitBounds, [0.2, 0.5, 1, 2, 5]);
  assert.deepEqual(histogram.bucketCounts, ['1', '0', '2', '0', '1', '1']);
  assert.equal(histogram.count, '5');
  assert.equal(histogram.sum, 13.5);
  assert.deepEqual([histogram.min, histogram.max], [0.1, 9]);
  const exponential = byName.size.exponentialHistogram.dataPoints[0];
  assert.equal(exponential.count, '4');
  assert.equal(exponential.zeroCount, '1');
  assert.ok(exponential.positive.bucketCounts.every((count) => /^\d+$/.test(count)));
  await provider.shutdown();
});

test('log records with trace context and structured bodies decode like OTLP/JSON', () => {
  const tracerProvider = new TracerProvider({});
  const span = tracerProvider.getTracer('decoder').startSpan('work');
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('decoder', '2.0.0');
  logger.emit({
    severityNumber: SeverityNumber.WARN, severityText: 'warn', eventName: 'user.lookup',
    body: { msg: 'hello', nested: { n: 1, ok: true, ratio: 0.25 }, list: ['x', 2], raw: new Uint8Array([0, 1, 254, 255]) },
    attributes: { user: 'u1', 'http.response.status_code': 404 },
    context: trace.setSpan(context.active(), span),
  });
  logger.emit({ severityNumber: SeverityNumber.INFO, body: 'plain text' });
  span.end();
  const records = exporter.getFinishedLogRecords();

  const decoded = decodeLogs(ProtobufLogsSerializer.serializeRequest(records));
  assertSameAsJson(decoded, JsonLogsSerializer.serializeRequest(records));
  const [withContext, plain] = decoded.resourceLogs[0].scopeLogs[0].logRecords;
  assert.equal(withContext.traceId, span.spanContext().traceId);
  assert.equal(withContext.spanId, span.spanContext().spanId);
  assert.equal(withContext.flags, 1);
  assert.equal(withContext.severityNumber, 13);
  const body = Object.fromEntries(withContext.body.kvlistValue.values.map(({ key, value }) => [key, value]));
  assert.deepEqual(body.nested, { kvlistValue: { values: [{ key: 'n', value: { intValue: '1' } }, { key: 'ok', value: { boolValue: true } }, { key: 'ratio', value: { doubleValue: 0.25 } }] } });
  assert.deepEqual(body.list, { arrayValue: { values: [{ stringValue: 'x' }, { intValue: '2' }] } });
  assert.deepEqual(body.raw, { bytesValue: Buffer.from([0, 1, 254, 255]).toString('base64') });
  assert.deepEqual(plain.body, { stringValue: 'plain text' });
  assert.equal(plain.traceId, undefined);
  assert.match(plain.observedTimeUnixNano, /^\d{19}$/);
});

// A minimal hand encoder, to reach wire forms the SDK never writes.
const varint = (n) => { const out = []; let v = BigInt.asUintN(64, BigInt(n)); do { out.push(Number(v & 0x7fn) | (v > 0x7fn ? 0x80 : 0)); v >>= 7n; } while (v); return Buffer.from(out); };
const tag = (field, wire) => varint((field << 3) | wire);
const len = (field, bytes) => Buffer.concat([tag(field, 2), varint(bytes.length), bytes]);
const fixed64 = (field, n) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return Buffer.concat([tag(field, 1), b]); };
const sfixed64 = (field, n) => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(n)); return Buffer.concat([tag(field, 1), b]); };
const double = (field, x) => { const b = Buffer.alloc(8); b.writeDoubleLE(x); return Buffer.concat([tag(field, 1), b]); };
const metricsRequest = (metric) => len(1, len(2, len(2, metric)));

test('unpacked repeated fields, full 64-bit values and unknown fields decode too', () => {
  const point = Buffer.concat([
    fixed64(3, 2n ** 63n + 7n), fixed64(4, 9_007_199_254_740_993n),
    fixed64(6, 1), fixed64(6, 2), double(7, 0.5), // unpacked: one tag per value
    len(9, Buffer.concat([len(1, Buffer.from('k')), len(2, Buffer.concat([tag(3, 0), varint(-5)]))])),
    Buffer.concat([tag(99, 0), varint(1)]), len(98, Buffer.from('ignored')), // unknown fields
  ]);
  const histogram = decode('metrics', metricsRequest(Buffer.concat([len(1, Buffer.from('h')), len(9, Buffer.concat([len(1, point), tag(2, 0), varint(1)]))])));
  assert.deepEqual(histogram.resourceMetrics[0].scopeMetrics[0].metrics[0], {
    name: 'h',
    histogram: {
      aggregationTemporality: 1,
      dataPoints: [{ timeUnixNano: '9223372036854775815', count: '9007199254740993', bucketCounts: ['1', '2'], explicitBounds: [0.5], attributes: [{ key: 'k', value: { intValue: '-5' } }] }],
    },
  });
  const gauge = decode('metrics', metricsRequest(Buffer.concat([len(1, Buffer.from('g')), len(5, len(1, sfixed64(6, -(2n ** 62n))))])));
  assert.deepEqual(gauge.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0], { asInt: '-4611686018427387904' });
  // sint32 is zigzag-encoded: scale -2 arrives as 3, offset -3 as 5; Buckets counts are uint64 varints.
  const buckets = Buffer.concat([tag(1, 0), varint(5), len(2, Buffer.concat([varint(4), varint(2n ** 60n)]))]);
  const exponential = decode('metrics', metricsRequest(Buffer.concat([len(1, Buffer.from('e')), len(10, len(1, Buffer.concat([tag(6, 0), varint(3), len(9, buckets)])))])));
  assert.deepEqual(exponential.resourceMetrics[0].scopeMetrics[0].metrics[0].exponentialHistogram.dataPoints[0], { scale: -2, negative: { offset: -3, bucketCounts: ['4', '1152921504606846976'] } });
  assert.deepEqual(decode('traces', new Uint8Array()), {});
  assert.throws(() => decode('profiles', Buffer.alloc(0)), /unknown OTLP signal "profiles"/);
  assert.throws(() => decode('metrics', Buffer.from([0x0a, 0x05, 0x01])), /truncated/);
  assert.throws(() => decode('metrics', Buffer.concat([tag(1, 0), varint(1)])), /wire type 0, expected 2/);
});
