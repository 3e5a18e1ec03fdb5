// winston: trace correlation from the stock instrumentation (it writes trace_id, span_id and
// trace_flags into every info at the log call, so `format.json()` and any format that prints
// the info's fields carry them), and export of what the logger passes its transports. The
// stock log sending needs @opentelemetry/winston-transport, which is on an older, incompatible
// API line; instead every logger the application creates (winston's default logger, child
// loggers through their parent, `winston.loggers`) gets a transport of ours, added whenever
// the logger is configured (which replaces its transports). What that transport exports, and
// why it honours the logger's format, is described in winston-transport.ts.
//
// With logs not exported, nothing is added to any logger: correlation only.
import { createRequire } from 'node:module';
import type { LogRecord } from '@opentelemetry/api';
import type { WinstonInstrumentationConfig } from '@opentelemetry/instrumentation-winston';
import { defineExportTransport, EXPORT_TRANSPORT, type TransportClass } from './winston-transport.js';

const EXPORT = Symbol('obs.winston.export');

// The CommonJS build, as every other instrumentation of the catalog: they then share one
// require hook, installed at start-up, which an instrumentation created later relies on.
const { WinstonInstrumentation } = createRequire(import.meta.url)('@opentelemetry/instrumentation-winston') as typeof import('@opentelemetry/instrumentation-winston');

interface WinstonLogger {
  add(transport: object): unknown;
  readonly transports: readonly object[];
}
type Configure = (this: WinstonLogger, ...args: unknown[]) => unknown;
interface LoggerClass {
  prototype: WinstonLogger & { configure: Configure };
}

export class WinstonLogsInstrumentation extends WinstonInstrumentation {
  constructor(exportRecords: boolean) {
    // The stock sender stays off (disableLogSending). The flag travels in the config because
    // the base constructor calls init() before this constructor's body runs.
    super({ disableLogSending: true, [EXPORT]: exportRecords } as WinstonInstrumentationConfig);
  }

  override init() {
    const definitions = super.init();
    if ((this.getConfig() as Record<symbol, unknown>)[EXPORT] !== true) return definitions;
    const transports = new ExportTransports((record) => this.logger.emit(record));
    const wrapped = new WeakSet<object>();
    for (const definition of definitions) {
      const patchModule = definition.patch;
      definition.patch = (module: any, version?: string) => {
        const patched: unknown = patchModule ? patchModule(module, version) : module;
        const isESM = module[Symbol.toStringTag] === 'Module';
        transports.learn((isESM ? module.default : module) as { Transport?: unknown } | undefined);
        return patched;
      };
      for (const file of definition.files) {
        const correlate = file.patch.bind(file);
        const uncorrelate = file.unpatch.bind(file);
        file.patch = (exports: unknown, version?: string) => {
          const patched = correlate(exports, version);
          // winston 3's logger.js exports the Logger class; winston 1 and 2, whose transports
          // are no streams, stay with correlation only.
          if (isLoggerClass(patched)) {
            const instrumentation = this;
            this._wrap(patched.prototype, 'configure', (configure: Configure) => function configureWithExport(this: WinstonLogger, ...args: unknown[]) {
              const result = configure.apply(this, args);
              if (instrumentation.isEnabled()) transports.attach(this);
              return result;
            });
            wrapped.add(patched.prototype);
          }
          return patched;
        };
        file.unpatch = (exports?: unknown, version?: string) => {
          if (isLoggerClass(exports) && wrapped.delete(exports.prototype)) this._unwrap(exports.prototype, 'configure');
          uncorrelate(exports, version);
        };
      }
    }
    return definitions;
  }
}

/**
 * Our transport class, built on the application's winston.Transport once winston's main
 * module has loaded. The loggers configured before that (winston's default logger, created
 * while the main module loads) wait for it and get their transport at that moment, before
 * the application can log.
 */
class ExportTransports {
  private Transport: TransportClass | undefined;
  private waiting: Set<WinstonLogger> | undefined = new Set();

  constructor(private readonly emit: (record: LogRecord) => void) {}

  learn(winston: { Transport?: unknown } | undefined): void {
    // winston 3's Transport is a writable stream; winston 1 and 2 have a plain class.
    const Transport = winston?.Transport;
    if (!this.Transport && typeof Transport === 'function' && typeof (Transport.prototype as { _write?: unknown } | undefined)?._write === 'function') {
      this.Transport = defineExportTransport(Transport as unknown as TransportClass, this.emit);
    }
    // From here on loggers are attached as they are configured, or not at all.
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    for (const logger of waiting) this.attach(logger);
  }

  attach(logger: WinstonLogger): void {
    if (!this.Transport) {
      this.waiting?.add(logger);
      return;
    }
    if (logger.transports.some((transport) => (transport as Record<symbol, unknown>)[EXPORT_TRANSPORT] === true)) return;
    try {
      logger.add(new this.Transport());
    } catch {
      // Export must never break the application's logging.
    }
  }
}

function isLoggerClass(value: unknown): value is LoggerClass {
  return typeof value === 'function' && typeof (value as Partial<LoggerClass>).prototype?.configure === 'function';
}
