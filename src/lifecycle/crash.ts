// Uncaught exceptions and unhandled rejections (which Node raises as uncaught exceptions by
// default): capture them, flush, and let the process end exactly as it would have without
// us. If the application has its own 'uncaughtException' listener, it decides what happens
// and the flush is started in the background. If not, our listener (the only one) keeps the
// process alive just long enough to flush, bounded by the shutdown timeout, removes itself
// and ends the process the way Node's default handler does: the error on stderr, status 1.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { boundedFlush } from './signals.js';

export interface CrashOptions {
  readonly capture: (error: unknown) => void;
  readonly flush: () => Promise<void>;
  readonly timeoutMs: number;
}

export function installCrashHandlers({ capture, flush, timeoutMs }: CrashOptions): void {
  const captured = new WeakSet<object>();
  // The monitor sees every uncaught error first, whoever handles it.
  process.on('uncaughtExceptionMonitor', (error) => {
    if (typeof error === 'object' && error !== null) {
      if (captured.has(error)) return; // our own rethrow below
      captured.add(error);
    }
    try {
      capture(error);
    } catch {
      // Capturing must never change how the process fails.
    }
  });

  const onUncaught = (error: unknown): void => {
    const applicationHandlesIt = process.listeners('uncaughtException').some((listener) => listener !== onUncaught);
    if (applicationHandlesIt) {
      void boundedFlush(flush, timeoutMs);
      return;
    }
    process.off('uncaughtException', onUncaught);
    boundedFlush(flush, timeoutMs).then(() => endProcess(error), () => endProcess(error));
  };
  process.on('uncaughtException', onUncaught);
}

/**
 * Ends the process as Node's default handler would: the error printed to stderr as Node
 * prints it, then exit status 1. Printed here rather than thrown again, because a second
 * throw would make Node show this file's source line above the error; the excerpt printed
 * here is the line where the error was created (where Node points for rejections, and next
 * to the throw for most thrown errors).
 */
function endProcess(error: unknown): void {
  try {
    const body = error instanceof Error
      ? inspect(error)
      : `Uncaught ${inspect(error)}\n(Use \`node --trace-uncaught ...\` to show where the exception was thrown)`;
    process.stderr.write(`${sourceExcerpt(error)}${body}\n\nNode.js ${process.version}\n`);
  } finally {
    process.exit(1);
  }
}

function sourceExcerpt(error: unknown): string {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return '';
  // The top frame only: where it is Node's own code (a module that was not found, a rejection
  // Node raised), Node shows its internal source, which cannot be read from here; pointing at a
  // file further down (a loader hook of ours, say) would only mislead.
  const top = /\n\s+at (?:[^\n]*?\()?([^\s()]+?):(\d+):(\d+)\)?(?:\n|$)/.exec(error.stack);
  if (!top) return '';
  const [, location = '', line = '0', column = '0'] = top;
  if (!location.startsWith('file://') && !location.startsWith('/')) return '';
  try {
    const path = location.startsWith('file://') ? fileURLToPath(location) : location;
    const source = readFileSync(path, 'utf8').split('\n')[Number(line) - 1];
    if (source === undefined) return '';
    // Node points at the throw statement; when the error is thrown where it is created, that
    // is the `throw` before the constructor on the same line.
    const created = Math.max(0, Number(column) - 1);
    const thrown = source.lastIndexOf('throw', created);
    const caret = thrown !== -1 && /^throw\s/.test(source.slice(thrown)) ? thrown : created;
    return `${location}:${line}\n${source}\n${' '.repeat(caret)}^\n\n`;
  } catch {
    return '';
  }
}
