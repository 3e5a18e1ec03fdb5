// The bunyan stream that exports: a raw stream, so it receives each record as the object
// bunyan is about to write, after the serializers have run on the call's fields and with the
// logger's and its children's fields (serialized when the child was made) merged in. It
// builds the log record from that object the way bunyan's JSON line shows it:
//   body        msg,
//   severity    from the numeric level (bunyan numbers its levels as pino does),
//   attributes  every other field as the line shows it (json-fields.ts: a field a
//               serializer dropped is absent, one with a toJSON is what toJSON returns),
//               name, hostname and pid included; not time, level, msg, the trace fields
//               (the record carries them in its own places), nor bunyan's format version v,
//   time        the record's time,
//   trace       the trace_id, span_id and trace_flags the stock instrumentation wrote at the
//               log call, else the active context.
// The stock stream differs in what this project promises: it drops hostname and pid, turns
// `err` into exception attributes the line may not show, and drops Dates and class instances
// with a warning on the application's stderr.
import { context, type LogRecord } from '@opentelemetry/api';
import { severityOf } from '../export/pino-lines.js';
import { contextOfTraceFields, jsonFields, jsonValue, TRACE_FIELDS } from './json-fields.js';

const OMITTED: ReadonlySet<string> = new Set(['time', 'level', 'msg', 'v', ...TRACE_FIELDS]);
const LEVEL_NAMES: ReadonlyMap<number, string> = new Map([[10, 'trace'], [20, 'debug'], [30, 'info'], [40, 'warn'], [50, 'error'], [60, 'fatal']]);

type BunyanRecord = Readonly<Record<string, unknown>>;

export class BunyanExportStream {
  constructor(private readonly emit: (record: LogRecord) => void) {}

  write(record: unknown): void {
    if (record === null || typeof record !== 'object') return;
    try {
      this.emit(logRecordOf(record as BunyanRecord));
    } catch {
      // Export must never break the application's logging.
    }
  }
}

export function logRecordOf(record: BunyanRecord): LogRecord {
  const level = typeof record.level === 'number' ? record.level : undefined;
  const time = record.time instanceof Date ? record.time.getTime() : typeof record.time === 'string' ? Date.parse(record.time) : Number.NaN;
  const message = typeof record.msg === 'string' ? record.msg : jsonValue(record.msg, 'msg');
  return {
    ...(Number.isFinite(time) ? { timestamp: time } : {}),
    ...(level === undefined ? {} : { severityNumber: severityOf(level), severityText: LEVEL_NAMES.get(level) ?? String(level) }),
    ...(message === undefined ? {} : { body: message }),
    attributes: jsonFields(record, OMITTED),
    context: contextOfTraceFields(record, context.active()),
  };
}
