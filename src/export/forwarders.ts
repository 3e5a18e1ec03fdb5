// The SDK's extension points on the application's thread, each handing its data to the export
// channel instead of exporting: a span processor, a log record processor and a push metric
// exporter. What they do per call is an encode and a copy into shared memory, nothing more.
import { TraceFlags } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ExportChannel } from './channel.js';

export function spanForwarder(channel: ExportChannel): SpanProcessor {
  return {
    onStart() {},
    onEnd(span: ReadableSpan) {
      // Unsampled spans are never exported (the rescue path marks its spans sampled).
      if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0) channel.writeSpan(span);
    },
    forceFlush: () => channel.flush(),
    shutdown: async () => {},
  };
}

export function logRecordForwarder(channel: ExportChannel): LogRecordProcessor {
  return {
    onEmit: (record) => channel.writeLogRecord(record),
    forceFlush: () => channel.flush(),
    shutdown: async () => {},
  };
}

/** Hands each collection to the worker and reports success at once: sending is the worker's job. */
export function metricForwarder(channel: ExportChannel): PushMetricExporter {
  return {
    export(metrics: ResourceMetrics, done: (result: ExportResult) => void) {
      channel.sendMetrics(metrics.scopeMetrics);
      done({ code: ExportResultCode.SUCCESS });
    },
    forceFlush: async () => {},
    shutdown: async () => {},
    // Cumulative: Prometheus' OTLP receiver rejects delta counters.
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
  };
}
