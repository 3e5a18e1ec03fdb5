// pino: trace correlation from the stock instrumentation (its mixin writes trace_id, span_id
// and trace_flags into every line), and OTLP export through a lighter stream of ours. The
// stock sender is a Writable that JSON.parses every line pino has just serialised; ours
// reads the structured record pino hands to metadata-aware streams (lastObj, lastMsg,
// lastLevel), so a line costs one LogRecord and no parse.
import { context, type Logger as OtelLogger, logs, SeverityNumber } from '@opentelemetry/api';
import { PinoInstrumentation, type PinoInstrumentationConfig } from '@opentelemetry/instrumentation-pino';

const METADATA = Symbol.for('pino.metadata');
const SEND_LOGS = Symbol('obs.pino.sendLogs');
/** Keys the correlation mixin adds: the exported record carries them as trace context already. */
const CORRELATION_KEYS = new Set(['trace_id', 'span_id', 'trace_flags']);

type PinoFactory = ((...args: unknown[]) => PinoLogger) & {
  multistream?: (streams: { level: number; stream: unknown }[], options: { levels: Record<string, number> }) => unknown;
  symbols: Record<string, symbol>;
  pino?: unknown;
  default?: unknown;
};
type PinoLogger = Record<symbol, unknown> & { levels: { values: Record<string, number>; labels: Record<number, string> } };

interface MetadataStream {
  [METADATA]: true;
  lastLevel?: number;
  lastObj?: Record<string, unknown>;
  lastMsg?: unknown;
  lastLogger?: PinoLogger;
  write(line: string): void;
}

export class PinoLogsInstrumentation extends PinoInstrumentation {
  constructor(sendLogs: boolean) {
    // Correlation only: sending is done by the stream below. The flag travels in the config
    // because the base constructor calls init() before this constructor's body runs.
    super({ disableLogSending: true, [SEND_LOGS]: sendLogs } as PinoInstrumentationConfig);
  }

  override init() {
    const definitions = super.init();
    if (!(this.getConfig() as Record<symbol, unknown>)[SEND_LOGS]) return definitions;
    for (const definition of definitions) {
      const correlate = definition.patch!;
      definition.patch = (module: any, version?: string) => {
        const isESM = module[Symbol.toStringTag] === 'Module';
        const original = (isESM ? module.default : module) as PinoFactory;
        const correlated = correlate(module, version) as PinoFactory;
        const sending = Object.assign((...args: unknown[]) => {
          const logger = correlated(...args);
          if (this.isEnabled()) attachSender(logger, original);
          return logger;
        }, correlated);
        if (typeof sending.pino === 'function') sending.pino = sending;
        if (typeof sending.default === 'function') sending.default = sending;
        if (isESM) {
          if (module.pino) module.pino = sending;
          module.default = sending;
        }
        return sending;
      };
    }
    return definitions;
  }
}

function attachSender(logger: PinoLogger, pino: PinoFactory): void {
  if (typeof pino.multistream !== 'function') return;
  const streamSym = pino.symbols.streamSym!;
  const chindingsSym = pino.symbols.chindingsSym!;
  const otelLogger = logs.getLogger('pino');
  const stream: MetadataStream = {
    [METADATA]: true,
    write() {
      emitRecord(otelLogger, this, chindingsSym);
    },
  };
  logger[streamSym] = pino.multistream([{ level: 0, stream: logger[streamSym] }, { level: 0, stream }], { levels: logger.levels.values });
}

function emitRecord(otelLogger: OtelLogger, stream: MetadataStream, chindingsSym: symbol): void {
  const level = stream.lastLevel ?? 30;
  const logger = stream.lastLogger;
  const attributes: Record<string, any> = logger ? { ...bindingsOf(logger, chindingsSym) } : {};
  const fields = stream.lastObj ?? {};
  for (const key in fields) {
    if (CORRELATION_KEYS.has(key)) continue;
    const value = fields[key];
    attributes[key] = value instanceof Error ? { type: value.name, message: value.message, stack: value.stack ?? '' } : value;
  }
  otelLogger.emit({
    timestamp: Date.now(),
    severityNumber: severityOf(level),
    severityText: logger?.levels.labels[level] ?? String(level),
    body: typeof stream.lastMsg === 'string' ? stream.lastMsg : undefined,
    attributes,
    context: context.active(),
  });
}

/** A child logger's bindings are kept by pino as a pre-serialised JSON fragment; parse each once. */
const parsedBindings = new Map<string, Record<string, unknown>>();
const MAX_CACHED_BINDINGS = 1000;

function bindingsOf(logger: PinoLogger, chindingsSym: symbol): Record<string, unknown> {
  const fragment = logger[chindingsSym];
  if (typeof fragment !== 'string' || fragment === '') return {};
  let parsed = parsedBindings.get(fragment);
  if (parsed === undefined) {
    try {
      parsed = JSON.parse(`{${fragment.slice(1)}}`) as Record<string, unknown>;
    } catch {
      parsed = {};
    }
    if (parsedBindings.size >= MAX_CACHED_BINDINGS) parsedBindings.clear();
    parsedBindings.set(fragment, parsed);
  }
  return parsed;
}

/** pino's levels (10 trace ... 60 fatal) onto OpenTelemetry severities; custom levels by range. */
function severityOf(level: number): SeverityNumber {
  if (level >= 60) return SeverityNumber.FATAL;
  if (level >= 50) return SeverityNumber.ERROR;
  if (level >= 40) return SeverityNumber.WARN;
  if (level >= 30) return SeverityNumber.INFO;
  if (level >= 20) return SeverityNumber.DEBUG;
  return SeverityNumber.TRACE;
}
