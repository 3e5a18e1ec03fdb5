// How the bootstrap talks to operators: coded process warnings, never exceptions.
import type { ConfigWarning } from './types.js';

export const WARNING_CODES = Object.freeze({
  badVariable: 'OBS_BAD_ENV',
  startFailed: 'OBS_START_FAILED',
  exportFailing: 'OBS_EXPORT_FAILING',
  shutdownTimeout: 'OBS_SHUTDOWN_TIMEOUT',
  exportWorker: 'OBS_EXPORT_WORKER',
});

export function formatConfigWarning(warning: ConfigWarning): string {
  return `${warning.variable}=${JSON.stringify(warning.value)} is not valid: expected ${warning.expected}; using ${warning.fallback}`;
}

export function emitConfigWarnings(warnings: readonly ConfigWarning[]): void {
  for (const warning of warnings) {
    process.emitWarning(formatConfigWarning(warning), { code: WARNING_CODES.badVariable });
  }
}
