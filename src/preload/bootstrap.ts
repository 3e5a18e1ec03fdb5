// The preload's steps in order: read the configuration once, warn about bad values, then
// start the SDK. Nothing here may throw into the application: a failure to start is one
// warning, and the application runs untouched.
import { isMainThread } from 'node:worker_threads';
import { findAppPackage } from '../config/app-package.js';
import { parseConfig } from '../config/parse.js';
import type { Config } from '../config/types.js';
import { emitConfigWarnings, WARNING_CODES } from '../config/warnings.js';
import type { Env } from '../config/read-variable.js';
import type { StartedTelemetry } from '../sdk/start.js';

const kStarted = Symbol.for('node-otel-stack.started');
type GlobalWithState = typeof globalThis & { [kStarted]?: Promise<StartedTelemetry | undefined> };

export interface BootstrapInput {
  readonly env: Env;
  readonly entryScript: string | undefined;
  readonly cwd: string;
}

/**
 * Starts telemetry once per process, however many times the preload is imported. Only on the
 * main thread: worker threads inherit the preload flag, and each would otherwise start an SDK
 * and an export worker of its own (the export worker itself among them).
 */
export function bootstrap(input: BootstrapInput): Promise<StartedTelemetry | undefined> {
  if (!isMainThread) return Promise.resolve(undefined);
  const state = globalThis as GlobalWithState;
  state[kStarted] ??= startSafely(input);
  return state[kStarted];
}

async function startSafely(input: BootstrapInput): Promise<StartedTelemetry | undefined> {
  let config: Config | undefined;
  try {
    const parsed = parseConfig(input.env, findAppPackage(input.entryScript, input.cwd));
    config = parsed.config;
    emitConfigWarnings(parsed.warnings);
    if (config.disabled) return undefined;
    // Loaded only when enabled: a disabled preload does not even load the SDK.
    const { startTelemetry } = await import('../sdk/start.js');
    return await startTelemetry(config, warnStart);
  } catch (error) {
    warnStart(`telemetry could not start (${(error as Error)?.message ?? String(error)}); the application runs without it`);
    return undefined;
  }
}

function warnStart(message: string): void {
  process.emitWarning(message, { code: WARNING_CODES.startFailed });
}
