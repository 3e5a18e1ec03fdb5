// Flush telemetry on SIGTERM/SIGINT, then let the process end as it would have without us:
// if the application handles the signal itself, it decides when to exit; if it does not,
// the signal is raised again after the flush so the default action (and exit status) apply.
import { WARNING_CODES } from '../config/warnings.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export interface LifecycleOptions {
  readonly flush: () => Promise<void>;
  readonly timeoutMs: number;
}

export function installShutdownHandlers({ flush, timeoutMs }: LifecycleOptions): void {
  let flushing: Promise<void> | undefined;
  const flushOnce = () => (flushing ??= boundedFlush(flush, timeoutMs));

  for (const signal of SIGNALS) {
    const onSignal = () => {
      const applicationHandlesIt = process.listenerCount(signal) > 1;
      if (applicationHandlesIt) {
        void flushOnce();
        return;
      }
      const alreadyFlushing = flushing !== undefined;
      // setImmediate: let a pending warning (emitted on the next tick) reach stderr first.
      const reraise = () => setImmediate(() => {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      });
      // A second signal while flushing means "now": skip the rest of the wait.
      if (alreadyFlushing) reraise();
      else flushOnce().then(reraise, reraise);
    };
    process.on(signal, onSignal);
  }
  // A script that simply runs out of work still gets its telemetry out.
  process.once('beforeExit', () => void flushOnce());
}

export async function boundedFlush(flush: () => Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([flush().then(() => 'done' as const, () => 'done' as const), timeout]);
    if (outcome === 'timeout') {
      process.emitWarning(`telemetry flush did not finish within ${timeoutMs} ms; the rest is dropped`, { code: WARNING_CODES.shutdownTimeout });
    }
  } finally {
    clearTimeout(timer);
  }
}
