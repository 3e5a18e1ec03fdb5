// What the winston and bunyan export paths share: a record's fields as the logger's JSON line
// shows them, and its trace context from the trace fields the stock instrumentations inject.
//
// Values go through JSON.stringify's rules (toJSON, then undefined, functions and symbols left
// out, non-finite numbers as null, cycles as '[Circular]'), so an exported attribute is what
// the line says: a value that hides its content behind toJSON (a Secret wrapper, a Date, a
// Buffer) is exported in that form and never with the fields it hides, and nothing the line
// cannot show (class internals, functions) is exported either.
import { type Context, isSpanContextValid, ROOT_CONTEXT, type SpanContext, trace, TraceFlags } from '@opentelemetry/api';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Written into the record by the stock instrumentations at the log call. */
export const TRACE_FIELDS: readonly string[] = ['trace_id', 'span_id', 'trace_flags'];

/** What the JSON serializers of winston (safe-stable-stringify) and bunyan write for a cycle. */
const CIRCULAR = '[Circular]';

/** `value` as JSON.stringify would write it, or undefined where it would leave it out. */
export function jsonValue(value: unknown, key = '', ancestors: object[] = []): JsonValue | undefined {
  let current = value;
  if (current !== null && (typeof current === 'object' || typeof current === 'bigint')) {
    const toJSON = (current as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') current = toJSON.call(current, key) as unknown;
  }
  switch (typeof current) {
    case 'string':
    case 'boolean':
      return current;
    case 'number':
      return Number.isFinite(current) ? current : null;
    // winston's JSON format writes a bigint as its digits (JSON.stringify would throw).
    case 'bigint':
      return current.toString();
    case 'object':
      break;
    default:
      return undefined;
  }
  if (current === null) return null;
  if (current instanceof Number || current instanceof String || current instanceof Boolean) return jsonValue(current.valueOf());
  if (ancestors.includes(current)) return CIRCULAR;
  ancestors.push(current);
  try {
    if (Array.isArray(current)) return current.map((item, index) => jsonValue(item, String(index), ancestors) ?? null);
    return jsonFields(current, new Set(), ancestors);
  } finally {
    ancestors.pop();
  }
}

/** The object's own enumerable fields, except `omitted`, as its JSON line shows them. */
export function jsonFields(object: object, omitted: ReadonlySet<string>, ancestors: object[] = [object]): { [key: string]: JsonValue } {
  const fields: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(object)) {
    if (omitted.has(key)) continue;
    const value = jsonValue((object as Record<string, unknown>)[key], key, ancestors);
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}

/**
 * The context named by the record's trace_id, span_id and trace_flags; `fallback` when they
 * are missing or invalid (logged outside a span, or removed by the application's format).
 */
export function contextOfTraceFields(record: Readonly<Record<string, unknown>>, fallback: Context): Context {
  const { trace_id: traceId, span_id: spanId, trace_flags: flags } = record;
  if (typeof traceId !== 'string' || typeof spanId !== 'string') return fallback;
  const traceFlags = typeof flags === 'string' ? Number.parseInt(flags, 16) : Number.NaN;
  const spanContext: SpanContext = { traceId, spanId, traceFlags: Number.isInteger(traceFlags) ? traceFlags : TraceFlags.NONE };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : fallback;
}
