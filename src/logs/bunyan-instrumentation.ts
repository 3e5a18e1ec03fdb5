// bunyan: trace correlation from the stock instrumentation (it writes trace_id, span_id and
// trace_flags into every record at the log call), and export through a raw stream of ours on
// every root logger (bunyan.createLogger and new Logger; child loggers share their parent's
// streams). The stock instrumentation adds its own stream from one method, _addStream, called
// for each root logger as it is created; this subclass replaces that method, so that the
// records exported are built as bunyan-stream.ts describes. With logs not exported the stock
// method stays, with its sending disabled: nothing is added to any logger.
import { createRequire } from 'node:module';
import { BunyanExportStream } from './bunyan-stream.js';

// The CommonJS build, as every other instrumentation of the catalog: they then share one
// require hook, installed at start-up, which an instrumentation created later relies on.
const { BunyanInstrumentation } = createRequire(import.meta.url)('@opentelemetry/instrumentation-bunyan') as typeof import('@opentelemetry/instrumentation-bunyan');

interface BunyanLogger {
  level(): number;
  addStream(stream: { type: 'raw'; stream: BunyanExportStream; level: number }): void;
}
type AddStream = (logger: BunyanLogger) => void;

/**
 * bunyan 2 (npm's latest since 2021) kept 1.x's Logger, _emit and createLogger; it only added
 * a dependency for its command-line tool. The stock instrumentation stops at `<2`, which left
 * every app on bunyan 2 without correlation or export.
 */
const SUPPORTED_VERSIONS = ['>=1.0.0 <3'];

export class BunyanLogsInstrumentation extends BunyanInstrumentation {
  // Called by the base constructor: the stock module definition, for both major versions.
  protected override init() {
    const definitions = super.init();
    for (const definition of definitions) definition.supportedVersions = SUPPORTED_VERSIONS;
    return definitions;
  }

  constructor(exportRecords: boolean) {
    super({ disableLogSending: true });
    if (!exportRecords) return;
    const stock = BunyanInstrumentation.prototype as unknown as { _addStream?: AddStream };
    if (typeof stock._addStream !== 'function') {
      // A stock version that adds its stream differently: correlation still works, export not.
      this._diag.warn('bunyan records are not exported: @opentelemetry/instrumentation-bunyan no longer adds its stream from _addStream');
      return;
    }
    const addStream: AddStream = (logger) => {
      if (!this.isEnabled()) return;
      // At the logger's level, as the stock stream: records no stream of the app writes
      // (below every stream's level) are not built at all.
      logger.addStream({ type: 'raw', stream: new BunyanExportStream((record) => this.logger.emit(record)), level: logger.level() });
    };
    Object.defineProperty(this, '_addStream', { value: addStream });
  }
}
