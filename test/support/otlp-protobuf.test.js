// The test decoder must agree with the SDK's own encoders: the same telemetry serialised as
// protobuf and decoded here equals its OTLP/JSON serialisation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer,
  ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationType, InMemoryMetricExporter, AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { decode } from './otlp-protobuf.js';

const resource = resourceFromAttributes({ 'service.name': 'decoder-test', 'process.pid': 42, 'flag': true, 'ratio': 0.5, 'list': ['a', 'b'] });
const json = (bytes) => JSON.parse(Buffer.from(bytes).toString('utf8'));

// OTLP/JSON writes some 64-bit fields as numbers and leaves defaults out where protobuf
// omits them too, and protobuf never carries empty strings (the default); compare through
// one normalisation: numbers and numeric strings alike, empty values dropped.
function normalise(value) {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)).map(([k, v]) => [k, normalise(v)]));
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return value;
}

test('spans with attributes, events, status and parents decode like OTLP/JSON', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('decoder', '1.2.3');
  const parent = tracer.startSpan('GET /users/:id', { kind: SpanKind.SERVER, attributes: { 'http.response.status_code': 500, 'url.path': '/users/7' } });
  parent.addEvent('exception', { 'exception.message': 'boom', 'exception.escaped': false });
  parent.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  parent.end();
  const spans = exporter.getFinishedSpans();
  const decoded = decode('traces', ProtobufTraceSerializer.serializeRequest(spans));
  assert.deepEqual(normalise(decoded), normalise(json(JsonTraceSerializer.serializeRequest(spans))));
  const span = decoded.resourceSpans[0].scopeSpans[0].spans[0];
  assert.equal(span.traceId, parent.spanContext().traceId);
  assert.equal(span.status.code, 2);
});

test('counters, gauges and histograms with explicit bounds decode like OTLP/JSON', async () => {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({
    resource,
    readers: [reader],
    views: [{ instrumentName: 'duration', aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [0.2, 0.5, 1, 2, 5] } } }],
  });
  const meter = provider.getMeter('decoder');
  meter.createCounter('requests').add(3, { route: '/a' });
  meter.createHistogram('duration', { unit: 's' }).record(0.7, { route: '/a' });
  meter.createGauge('temperature').record(-12.5);
  await reader.forceFlush();
  const [metrics] = exporter.getMetrics();
  const decoded = decode('metrics', ProtobufMetricsSerializer.serializeRequest(metrics));
  assert.deepEqual(normalise(decoded), normalise(json(JsonMetricsSerializer.serializeRequest(metrics))));
  const histogram = decoded.resourceMetrics[0].scopeMetrics[0].metrics.find((metric) => metric.name === 'duration').histogram.dataPoints[0];
  assert.deepEqual(histogram.explicitBounds, [0.2, 0.5, 1, 2, 5]);
  assert.deepEqual(histogram.bucketCounts, ['0', '0', '1', '0', '0', '0']);
  await provider.shutdown();
});

test('log records with trace context and structured bodies decode like OTLP/JSON', () => {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
  provider.getLogger('decoder').emit({ severityNumber: 9, severityText: 'info', body: { msg: 'hello', nested: { n: 1 } }, attributes: { user: 'u1' } });
  const records = exporter.getFinishedLogRecords();
  const decoded = decode('logs', ProtobufLogsSerializer.serializeRequest(records));
  assert.deepEqual(normalise(decoded), normalise(json(JsonLogsSerializer.serializeRequest(records))));
  assert.throws(() => decode('profiles', Buffer.alloc(0)), /unknown OTLP signal "profiles"/);
});
