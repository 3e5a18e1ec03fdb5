// What the application API needs from the running bootstrap: the frozen configuration, the
// scrubber and a way to flush. The preload publishes it on a global symbol (the app may load
// this package as a separate copy of the module); without the preload, the API reads the
// environment once itself and exports nothing (the OpenTelemetry API is a no-op then).
import type { Attributes, SpanContext } from '@opentelemetry/api';
import { findAppPackage } from '../config/app-package.js';
import { parseConfig } from '../config/parse.js';
import type { Config } from '../config/types.js';
import { createScrubber, type Scrubber } from '../scrub/scrubber.js';

/** An error outside any recorded span, to be exported as a span of its own. */
export interface ErrorSpan {
  readonly name: string;
  /** The (unrecorded) span the error happened in: the error span joins its trace. */
  readonly parent: SpanContext | undefined;
  readonly attributes: Attributes;
  readonly exceptionAttributes: Attributes;
  readonly statusMessage: string;
}

export interface TelemetryRuntime {
  readonly config: Config;
  readonly scrubber: Scrubber;
  /** Exports everything buffered; resolves when done or failed, never rejects. */
  flush(): Promise<void>;
  /** Exports an error span whatever the sampler decided (absent without the preload). */
  readonly sendErrorSpan?: (span: ErrorSpan) => void;
}

const kRuntime = Symbol.for('node-otel-stack.runtime');
type GlobalWithRuntime = typeof globalThis & { [kRuntime]?: TelemetryRuntime };

export function publishRuntime(runtime: TelemetryRuntime): void {
  (globalThis as GlobalWithRuntime)[kRuntime] = runtime;
}

export function getRuntime(): TelemetryRuntime {
  const state = globalThis as GlobalWithRuntime;
  if (!state[kRuntime]) {
    const { config } = parseConfig(process.env, findAppPackage(process.argv[1], process.cwd(), process.env.pm_exec_path));
    state[kRuntime] = { config, scrubber: createScrubber(config.scrubKeys), flush: async () => {} };
  }
  return state[kRuntime];
}

/** Development and test reject bad API arguments with an error; deployed code drops them. */
export function isStrictEnvironment(environment: string): boolean {
  return ['development', 'dev', 'local', 'test'].includes(environment.toLowerCase());
}
