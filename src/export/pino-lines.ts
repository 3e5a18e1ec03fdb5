// A pino line travels to the worker exactly as pino wrote it, after redaction, serializers,
// child bindings and formatters, behind a tab-separated header of what the line itself may not
// say reliably: when, the numeric level and its label, the message key, the trace context.
// The worker parses the line into a log record, so what the application hides on its own
// output is never exported either: the record is built from the same bytes.
import { type Attributes, type AnyValue, SeverityNumber, type SpanContext } from '@opentelemetry/api';
import { type InstrumentationScope, millisToHrTime } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

const HEADER_FIELDS = 7;
/** Keys whose content the record carries elsewhere: time, severity, body, trace context. */
const MAPPED_KEYS = new Set(['time', 'level', 'trace_id', 'span_id', 'trace_flags']);

/** The header in front of a line: tab-separated, ending with a tab; the line follows as is. */
export function pinoLineHeader(timeMs: number, level: number, label: string, messageKey: string, traceId: string, spanId: string, traceFlags: number): string {
  return `${timeMs}\t${level}\t${label}\t${messageKey}\t${traceId}\t${spanId}\t${traceFlags}\t`;
}

export function decodePinoLine(text: string, resource: Resource, scope: InstrumentationScope): ReadableLogRecord {
  const fields: string[] = [];
  let start = 0;
  for (let index = 0; index < HEADER_FIELDS; index++) {
    const tab = text.indexOf('\t', start);
    if (tab === -1) throw new Error('a pino line without its header');
    fields.push(text.slice(start, tab));
    start = tab + 1;
  }
  const [timeMs = '0', level = '30', label = '', messageKey = 'msg', traceId = '', spanId = '', traceFlags = '0'] = fields;
  const line = text.slice(start);
  const { body, attributes } = splitLine(line, messageKey);
  const time = millisToHrTime(Number(timeMs));
  const spanContext: SpanContext | undefined = traceId ? { traceId, spanId, traceFlags: Number(traceFlags) } : undefined;
  return {
    hrTime: time,
    hrTimeObserved: time,
    ...(spanContext ? { spanContext } : {}),
    severityNumber: severityOf(Number(level)),
    severityText: label || level,
    ...(body === undefined ? {} : { body }),
    resource,
    instrumentationScope: scope,
    attributes,
    droppedAttributesCount: 0,
  };
}

function splitLine(line: string, messageKey: string): { body: AnyValue | undefined; attributes: Attributes } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    // Not JSON (a custom streamWrite hook): the line is the message.
    return { body: line.trimEnd(), attributes: {} };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { body: parsed as AnyValue, attributes: {} };
  const object = parsed as Record<string, AnyValue>;
  const attributes: Attributes = {};
  for (const key in object) {
    if (key === messageKey || MAPPED_KEYS.has(key)) continue;
    attributes[key] = object[key] as Attributes[string];
  }
  return { body: object[messageKey], attributes };
}

/** pino's levels (10 trace ... 60 fatal) onto OpenTelemetry severities; custom levels by range. */
export function severityOf(level: number): SeverityNumber {
  if (level >= 60) return SeverityNumber.FATAL;
  if (level >= 50) return SeverityNumber.ERROR;
  if (level >= 40) return SeverityNumber.WARN;
  if (level >= 30) return SeverityNumber.INFO;
  if (level >= 20) return SeverityNumber.DEBUG;
  return SeverityNumber.TRACE;
}
