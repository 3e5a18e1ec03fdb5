// Logs database operations slower than OBS_SLOW_QUERY_MS as warnings, with the statement the
// instrumentation recorded (parameterised, and scrubbed again on the way out), the operation,
// the duration and the trace id. It reads finished CLIENT spans, so it sees the operations
// of recorded traces; db.client.operation.duration (and the W3 alert on it) counts them all.
import { SpanKind } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { emitLog } from '../api/log.js';

export function createSlowQueryProcessor(thresholdMs: number): SpanProcessor {
  return {
    onStart() {},
    onEnd(span: ReadableSpan) {
      if (span.kind !== SpanKind.CLIENT) return;
      const attributes = span.attributes;
      const system = attributes['db.system.name'] ?? attributes['db.system'];
      if (system === undefined) return;
      const durationMs = hrTimeToMilliseconds(span.duration);
      if (durationMs < thresholdMs) return;
      const statement = attributes['db.query.text'] ?? attributes['db.statement'];
      emitLog('warn', 'slow query', {
        'db.system.name': String(system),
        // Connection spans (pg-pool.connect) have no statement: their name says what waited.
        'db.operation.name': String(attributes['db.operation.name'] ?? attributes['db.operation'] ?? span.name),
        ...(statement === undefined ? {} : { 'db.query.text': String(statement) }),
        duration_ms: Math.round(durationMs),
        threshold_ms: thresholdMs,
      }, span.spanContext());
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}
