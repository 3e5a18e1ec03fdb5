// How the bootstrap talks to operators: coded process warnings, never exceptions. This is
// the catalogue of every code it emits; the README documents each one (test/config/warnings
// .test.js holds both).
import type { ConfigWarning } from './types.js';

export const WARNING_CODES = Object.freeze({
  /** A variable has a bad value; its fallback is used. */
  badVariable: 'OBS_BAD_ENV',
  /** A call of the application API had a bad argument (deployed environments; development throws). */
  badArgument: 'OBS_BAD_ARGUMENT',
  /** Telemetry did not start at all; the application runs without it. */
  startFailed: 'OBS_START_FAILED',
  /** One part did not start (an instrumentation, a resource detector, the pull endpoint); the rest runs. */
  partStartFailed: 'OBS_START_PARTIAL',
  /** The export worker could not start or died; nothing is exported from then on. */
  exportWorker: 'OBS_EXPORT_WORKER',
  /** The final flush ran out of time; what was left is dropped. */
  shutdownTimeout: 'OBS_SHUTDOWN_TIMEOUT',
});

export function formatConfigWarning(warning: ConfigWarning): string {
  // A fallback is a value used instead, or, for one bad entry of a list, that it is skipped.
  const fallback = warning.fallback.startsWith('ignoring ') ? warning.fallback : `using ${warning.fallback}`;
  if (warning.notRead) return `${warning.variable}=${JSON.stringify(warning.value)} is not read here: ${warning.expected}; ${fallback}`;
  return `${warning.variable}=${JSON.stringify(warning.value)} is not valid: expected ${warning.expected}; ${fallback}`;
}

export function emitConfigWarnings(warnings: readonly ConfigWarning[]): void {
  for (const warning of warnings) {
    process.emitWarning(formatConfigWarning(warning), { code: WARNING_CODES.badVariable });
  }
}
