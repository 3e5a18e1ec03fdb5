// Flush telemetry on SIGTERM/SIGINT, on a natural end and on process.exit(), and let the
// process end exactly as it would have without us.
//
// Signal listeners are visible to everyone: signal-exit, terminus and others decide what to do
// by counting them, so a listener of ours that stays registered changes their decision. Ours
// therefore removes itself the moment it runs, and the few listeners that ran before it
// (registered before the preload) decide again once it is gone. If the application (or a
// library) listens too, ours flushes synchronously (bounded; the metrics' last collection
// included, since their listener may end the process at once) and steps aside before their
// listeners run: they decide as they would have. If nobody else listens, the process would die of the signal: ours
// flushes everything, metrics included, then raises the signal again. A second signal during
// that flush finds no listener and ends the process at once.
import { EventEmitter } from 'node:events';
import { WARNING_CODES } from '../config/warnings.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * When a bounded flush last gave up. An exit soon after it (the app's own handler ending the
 * process, a crash) drops what is left without a second wait or warning; an app that lived on
 * long after (it ignored that signal) still gets its final flush.
 */
let flushTimedOutAt = Number.NEGATIVE_INFINITY;
/** How soon after a flush gave up an exit counts as the same ending. */
const SAME_ENDING_MS = 5_000;

export interface LifecycleOptions {
  /** Everything recorded so far, metrics included; resolves when exported (or failed). */
  readonly flush: () => Promise<void>;
  /** Takes the metrics' last collection, then blocks until everything handed over is exported, at most `timeoutMs`; true if it was. */
  readonly flushSync: (timeoutMs: number) => boolean;
  readonly timeoutMs: number;
}

export function installShutdownHandlers({ flush, flushSync, timeoutMs }: LifecycleOptions): void {
  for (const signal of SIGNALS) {
    const onSignal = () => {
      const all = EventEmitter.prototype.listeners.call(process, signal) as ((signal: string) => void)[];
      const ranBefore = all.slice(0, all.indexOf(onSignal));
      process.off(signal, onSignal);
      if (process.listenerCount(signal) > 0 || ranBefore.length > 0) {
        if (!flushSync(timeoutMs)) {
          flushTimedOutAt = performance.now();
          // Now: the app's own listener, next, may end the process before a deferred warning.
          warnNow(timeoutMs);
        }
        // Listeners registered before the preload's (signal-exit in a --require preload, tsx's
        // own in the child it runs, hidden from listenerCount) ran first and decided while ours
        // was there: each leaves the ending to another listener. They decide again now that
        // ours is gone, as they would have bare.
        for (const listener of ranBefore) listener.call(process, signal);
        return;
      }
      const reraise = () => process.kill(process.pid, signal);
      boundedFlush(flush, timeoutMs).then(reraise, reraise);
    };
    process.on(signal, onSignal);
  }
  // A script that simply runs out of work still gets its telemetry out, metrics included. The
  // collection settles in microtasks and the worker's port does not keep the loop alive, so
  // no new work is scheduled here: Node emits 'beforeExit' once, as it would bare (a pending
  // timer would have made it emit again, running the application's listeners twice). The
  // 'exit' handler below then waits, bounded, for the worker to send what was handed over.
  process.once('beforeExit', () => void flush());
  // process.exit() (and the end after beforeExit): only synchronous work runs here.
  process.on('exit', () => {
    // A flush that just ran out of time (a signal's or a crash's) said so once; the collector
    // that made it late would only make the process wait as long again.
    if (performance.now() - flushTimedOutAt < SAME_ENDING_MS) return;
    if (!flushSync(timeoutMs)) warnNow(timeoutMs);
  });
}


export async function boundedFlush(flush: () => Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([flush().then(() => 'done' as const, () => 'done' as const), timeout]);
    if (outcome === 'timeout') {
      flushTimedOutAt = performance.now();
      warnLater(timeoutMs);
      // Let the warning (emitted on the next tick) reach stderr before the process ends.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    clearTimeout(timer);
  }
}

const timeoutMessage = (timeoutMs: number) => `telemetry flush did not finish within ${timeoutMs} ms; the rest is dropped`;

function warnLater(timeoutMs: number): void {
  process.emitWarning(timeoutMessage(timeoutMs), { code: WARNING_CODES.shutdownTimeout });
}

/** In an 'exit' handler a warning emitted the usual way would never print: write it now, as Node formats it. */
function warnNow(timeoutMs: number): void {
  if (process.execArgv.includes('--no-warnings')) return;
  try {
    process.stderr.write(`(node:${process.pid}) [${WARNING_CODES.shutdownTimeout}] Warning: ${timeoutMessage(timeoutMs)}\n`);
  } catch {
    // stderr closed: nothing to tell.
  }
}
