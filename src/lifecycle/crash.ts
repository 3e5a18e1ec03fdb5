// Uncaught exceptions and unhandled rejections (which Node raises as uncaught exceptions by
// default): capture them and let the process end exactly as it would have without us.
//
// The capture happens in the monitor, which sees every uncaught error first, whoever handles
// it, and adds no 'uncaughtException' listener: Node's default handling stays in charge. When
// nobody handles the error, Node emits 'exit' before it prints the error, and the 'exit'
// handler of signals.ts flushes there, synchronously and bounded, so what was just captured
// goes out and Node then prints the error itself (source line, caret, "Emitted 'error' event"
// and all, as bare) and exits with status 1. `--abort-on-uncaught-exception` still aborts.
// When the application has its own listener, it decides what happens, and the flush starts in
// the background.
import { boundedFlush } from './signals.js';

export interface CrashOptions {
  readonly capture: (error: unknown) => void;
  readonly flush: () => Promise<void>;
  readonly timeoutMs: number;
}

export function installCrashHandlers({ capture, flush, timeoutMs }: CrashOptions): void {
  process.on('uncaughtExceptionMonitor', (error) => {
    try {
      capture(error);
    } catch {
      // Capturing must never change how the process fails.
    }
    if (process.listenerCount('uncaughtException') > 0) void boundedFlush(flush, timeoutMs);
  });
}
