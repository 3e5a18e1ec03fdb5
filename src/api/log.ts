// The bootstrap's own log lines (slow requests and queries, captured errors, API misuse):
// one JSON line on stdout in pino's shape, so it sits with the app's logs, and one OTLP log
// record with the trace context, so it reaches Loki beside them. Both are scrubbed.
import { context, logs, SeverityNumber, type SpanContext, trace } from '@opentelemetry/api';
import { getRuntime } from './runtime.js';

export type LogLevel = 'info' | 'warn' | 'error';

const SEVERITY: Record<LogLevel, [SeverityNumber, number]> = {
  info: [SeverityNumber.INFO, 30],
  warn: [SeverityNumber.WARN, 40],
  error: [SeverityNumber.ERROR, 50],
};

export const LOGGER_NAME = 'node-otel-stack';

/** Writes one line (unless `stdout` is false) and one record; `spanContext` defaults to the active span's. */
export function emitLog(level: LogLevel, message: string, fields: Record<string, unknown>, spanContext?: SpanContext, { stdout = true } = {}): void {
  try {
    const { scrubber } = getRuntime();
    const active = spanContext ?? trace.getSpanContext(context.active());
    const scrubbedFields = scrubber.scrubAttributes(fields);
    const scrubbedMessage = scrubber.scrubString(message);
    const correlation = active && trace.isSpanContextValid(active) ? { trace_id: active.traceId, span_id: active.spanId } : {};
    const line = { level, time: new Date().toISOString(), name: LOGGER_NAME, ...correlation, ...scrubbedFields, msg: scrubbedMessage };
    if (stdout) process.stdout.write(`${JSON.stringify(line)}\n`);
    const [severityNumber] = SEVERITY[level];
    logs.getLogger(LOGGER_NAME).emit({
      severityNumber,
      severityText: level,
      body: scrubbedMessage,
      attributes: scrubbedFields as Record<string, string | number | boolean>,
      context: active ? trace.setSpanContext(context.active(), active) : context.active(),
    });
  } catch {
    // Logging about the app must never break the app.
  }
}
