// The winston transport that exports: every logger the application creates gets one (see
// winston-instrumentation.ts), and it turns each `info` into a log record for the
// OpenTelemetry logs API, which hands it to the export worker like any other record.
//
// A transport receives the info after the logger's own `format`: that is where applications
// redact, mask and drop fields (or whole entries), so none of that reaches the record. A
// transport-level `format` given to another transport (the Console's, say) does not apply to
// ours: it shapes that transport's own output only, as it would for a file or an HTTP
// transport beside it. The record is
//   body        the message (colour codes stripped),
//   severity    from the level (npm and syslog sets, winston-severity.ts),
//   attributes  the fields of the line the logger's format wrote (info[MESSAGE]): a JSON
//               line's own fields, so that a JSON replacer's masking holds; for a text line
//               (printf, simple), the info's fields whose value the line shows, so that a
//               field a printf template leaves out is not exported either; except level,
//               message, timestamp and the trace fields, which the record carries in their
//               own places,
//   time        the info's `timestamp` when a format set one, else now,
//   trace       the trace_id, span_id and trace_flags the stock instrumentation wrote at the
//               log call, else that call's context, else the active one (a transport may
//               receive the info later, when the logger's stream was paused).
import { type Context, context, type LogRecord } from '@opentelemetry/api';
import { contextOfTraceFields, jsonFields, type JsonValue, jsonValue, TRACE_FIELDS } from './json-fields.js';
import { severityOfWinstonLevel, withoutColours } from './winston-severity.js';

export type WinstonInfo = Readonly<Record<string | symbol, unknown>>;

/** winston.Transport as this module uses it (winston-transport's TransportStream). */
export type TransportClass = new (options?: Record<string, unknown>) => object;

/** The level as the logger named it, before any format (colorize among them) rewrote `level`. */
const LEVEL = Symbol.for('level');
/** The line the logger's final format wrote (json, printf, simple...). */
const MESSAGE = Symbol.for('message');
/** Where the stock instrumentation keeps the context of the log call. */
const CALL_CONTEXT = Symbol.for('opentelemetry.js.contrib.winston.context');
const OMITTED: ReadonlySet<string> = new Set(['level', 'message', 'timestamp', ...TRACE_FIELDS]);

/** Marks our transports, so that a logger never gets a second one. */
export const EXPORT_TRANSPORT = Symbol('obs.winston.exportTransport');

/**
 * A subclass of the application's own winston.Transport: winston checks its transports for
 * stream behaviour (object mode, pipe bookkeeping, level filtering) that the class provides.
 * No level and no format of its own: it takes what the logger passes on, at the logger's
 * level. It does not handle uncaught exceptions (the preload reports crashes itself, and
 * winston would wait for a handler to finish before exiting).
 */
export function defineExportTransport(Transport: TransportClass, emit: (record: LogRecord) => void): TransportClass {
  return class OpenTelemetryExportTransport extends Transport {
    readonly [EXPORT_TRANSPORT] = true;

    log(info: unknown, next: () => void): void {
      if (info !== null && typeof info === 'object') {
        try {
          emit(logRecordOf(info as WinstonInfo));
        } catch {
          // Export must never break the application's logging.
        }
      }
      next();
    }
  };
}

export function logRecordOf(info: WinstonInfo): LogRecord {
  const shownLevel = typeof info.level === 'string' ? withoutColours(info.level) : undefined;
  const level = typeof info[LEVEL] === 'string' ? info[LEVEL] : shownLevel;
  const message = typeof info.message === 'string' ? withoutColours(info.message) : jsonValue(info.message, 'message');
  const timestamp = timeOf(info.timestamp);
  const callContext = isContext(info[CALL_CONTEXT]) ? info[CALL_CONTEXT] : context.active();
  return {
    ...(timestamp === undefined ? {} : { timestamp }),
    severityNumber: severityOfWinstonLevel(level ?? ''),
    ...(shownLevel ?? level ? { severityText: shownLevel ?? level } : {}),
    ...(message === undefined ? {} : { body: message }),
    attributes: fieldsShown(info),
    context: contextOfTraceFields(info as Readonly<Record<string, unknown>>, callContext),
  };
}

/** The info's fields as the formatted line shows them (see the header). */
function fieldsShown(info: WinstonInfo): Record<string, JsonValue> {
  const line = info[MESSAGE];
  if (typeof line !== 'string') return jsonFields(info, OMITTED);
  const text = withoutColours(line);
  if (text.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return Object.fromEntries(Object.entries(parsed as Record<string, JsonValue>).filter(([key]) => !OMITTED.has(key)));
      }
    } catch {
      // Not one JSON object after all: a text line.
    }
  }
  const fields = Object.entries(jsonFields(info, OMITTED));
  return Object.fromEntries(fields.filter(([, value]) => text.includes(typeof value === 'string' ? value : JSON.stringify(value))));
}

/** Milliseconds since the epoch, from what `format.timestamp()` (or the app) put there. */
function timeOf(value: unknown): number | undefined {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function isContext(value: unknown): value is Context {
  return value !== null && typeof value === 'object' && typeof (value as Partial<Context>).getValue === 'function';
}
