// Timing of named business operations (an AI question, a PDF export): the duration and
// outcome go to app.operation.duration, and an operation slower than its threshold is logged
// as a warning with the trace id.
import { checkLabel, rejectArgument } from './arguments.js';
import { appInstruments } from './instruments.js';
import { emitLog } from './log.js';

const thresholds = new Map<string, number>();

function validThreshold(name: string, value: unknown): value is number {
  return (typeof value === 'number' && Number.isFinite(value) && value > 0)
    || rejectArgument(`${name}.threshold`, `${name}: thresholdMs must be a positive number of milliseconds, got ${String(value)}`);
}

/** Sets the warning threshold of one operation for every later timeOperation call. */
export function setOperationThreshold(operation: string, thresholdMs: number): void {
  if (!checkLabel('setOperationThreshold', 'operation', operation) || !validThreshold('setOperationThreshold', thresholdMs)) return;
  thresholds.set(operation, thresholdMs);
}

/**
 * Runs `work`, records how long it took and whether it threw, and returns (or rethrows) its
 * result. `thresholdMs` overrides the operation's threshold for this call.
 */
export async function timeOperation<T>(operation: string, work: () => T | Promise<T>, options: { thresholdMs?: number } = {}): Promise<T> {
  if (typeof work !== 'function') {
    rejectArgument('timeOperation.work', `timeOperation: the second argument must be a function, got ${typeof work}`);
    return undefined as T;
  }
  const valid = checkLabel('timeOperation', 'operation', operation)
    && (options.thresholdMs === undefined || validThreshold('timeOperation', options.thresholdMs));
  const started = performance.now();
  let outcome: 'success' | 'failure' = 'failure';
  try {
    const result = await work();
    outcome = 'success';
    return result;
  } finally {
    if (valid) {
      const durationMs = performance.now() - started;
      appInstruments().operationDuration.record(durationMs / 1000, { operation, outcome });
      const threshold = options.thresholdMs ?? thresholds.get(operation);
      if (threshold !== undefined && durationMs > threshold) {
        emitLog('warn', `slow operation ${operation}`, { 'app.operation': operation, 'app.outcome': outcome, duration_ms: Math.round(durationMs), threshold_ms: threshold });
      }
    }
  }
}
