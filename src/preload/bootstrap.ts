// The preload, as the sequence it is:
//   1. configuration   read once, frozen; bad values warn (configuration.ts)
//   2. module hooks    the enabled instrumentations and the hooks for their modules (module-hooks.ts)
//   3. SDK             resource, export worker, providers, readers (../sdk/start.ts)
//   4. HTTP path       incoming requests, slow-request logs, rescue (incoming-requests.ts)
//   5. lifecycle       flush on signals, exit and crashes, then end as without us (../lifecycle)
// Nothing here may throw into the application: a failure to start is one warning, and the
// application runs untouched. A disabled preload stops after step 1 and loads nothing more.
import { isMainThread } from 'node:worker_threads';
import { WARNING_CODES } from '../config/warnings.js';
import type { PinoLineSink } from '../logs/pino-instrumentation.js';
import { pinPreloadForChildProcesses } from './child-processes.js';
import { type ConfigurationSource, readConfiguration } from './configuration.js';
import type { HookMode } from './module-hooks.js';

const kStarted = Symbol.for('node-otel-stack.started');

export interface StartedPreload {
  readonly hookMode: HookMode;
  /** Exports everything buffered; resolves when done (or failed). */
  flush(): Promise<void>;
}

type GlobalWithState = typeof globalThis & { [kStarted]?: Promise<StartedPreload | undefined> };

/**
 * Starts telemetry once per process, however many times the preload is imported. Only on the
 * main thread: worker threads inherit the preload flag, and each would otherwise start an SDK
 * and an export worker of its own (the export worker itself among them).
 */
export function bootstrap(source: ConfigurationSource): Promise<StartedPreload | undefined> {
  if (!isMainThread) return Promise.resolve(undefined);
  const state = globalThis as GlobalWithState;
  state[kStarted] ??= startSafely(source);
  return state[kStarted];
}

async function startSafely(source: ConfigurationSource): Promise<StartedPreload | undefined> {
  try {
    // Before anything else, and disabled or not: a child must start as it would bare.
    pinPreloadForChildProcesses(source.cwd);
    const config = readConfiguration(source);
    if (config.disabled) return undefined;
    // Loaded only when enabled.
    const [{ instrumentModules }, { startTelemetry }, { instrumentIncomingRequests }, { captureUncaught }, { installShutdownHandlers }, { installCrashHandlers }] = await Promise.all([
      import('./module-hooks.js'),
      import('../sdk/start.js'),
      import('./incoming-requests.js'),
      import('../api/errors.js'),
      import('../lifecycle/signals.js'),
      import('../lifecycle/crash.js'),
    ]);
    // pino's lines reach the export worker, which the SDK step starts after the hooks.
    let sendPinoLine: PinoLineSink | undefined;
    const pinoLines: PinoLineSink | undefined = config.logs.exporter === 'otlp' ? (header, line) => sendPinoLine?.(header, line) : undefined;

    const modules = instrumentModules(config, warnPart, pinoLines);
    const telemetry = await startTelemetry(config, modules.instrumentations, warnPart);
    modules.registerLaterWith(telemetry.registerInstrumentations);
    sendPinoLine = telemetry.pinoLines;
    instrumentIncomingRequests(config, telemetry);
    const { flush, flushSync } = telemetry;
    installShutdownHandlers({ flush, flushSync, timeoutMs: config.shutdownTimeoutMs });
    installCrashHandlers({ capture: captureUncaught, flush, timeoutMs: config.shutdownTimeoutMs });
    return { hookMode: modules.hookMode, flush };
  } catch (error) {
    warnStart(`telemetry could not start (${(error as Error)?.message ?? String(error)}); the application runs without it`);
    return undefined;
  }
}

function warnStart(message: string): void {
  process.emitWarning(message, { code: WARNING_CODES.startFailed });
}

function warnPart(message: string): void {
  process.emitWarning(message, { code: WARNING_CODES.partStartFailed });
}
