// The SDK's own diagnostics on stderr, rate-limited: with the collector down every export
// fails, and one line per failure would flood the application's log.
import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import type { LogLevel } from '../config/types.js';

const LEVELS: Readonly<Record<LogLevel, DiagLogLevel>> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/**
 * Within this window a message with the same first words is printed once, then counted. Trace
 * and span ids do not make a message another one: a library that writes to spans after they
 * end (Next.js sets the route on the request's span once the response is out) would otherwise
 * print one line per request.
 */
const REPEAT_WINDOW_MS = 60_000;
const MAX_TRACKED_MESSAGES = 100;
const TRACE_OR_SPAN_ID = /\b(?:[0-9a-f]{32}|[0-9a-f]{16})\b/g;

export class RateLimitedDiagLogger implements DiagLogger {
  private readonly lastPrinted = new Map<string, { at: number; suppressed: number }>();
  constructor(
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    private readonly now: () => number = Date.now,
  ) {}

  error = (message: string, ...args: unknown[]) => this.print('error', message, args);
  warn = (message: string, ...args: unknown[]) => this.print('warn', message, args);
  info = (message: string, ...args: unknown[]) => this.print('info', message, args);
  debug = (message: string, ...args: unknown[]) => this.print('debug', message, args);
  verbose = (message: string, ...args: unknown[]) => this.print('verbose', message, args);

  private print(level: string, rawMessage: string, args: unknown[]): void {
    const message = readableException(rawMessage);
    const key = `${level}:${String(message).replace(TRACE_OR_SPAN_ID, '…').slice(0, 80)}`;
    const now = this.now();
    const seen = this.lastPrinted.get(key);
    if (seen && now - seen.at < REPEAT_WINDOW_MS) {
      seen.suppressed++;
      return;
    }
    if (!seen && this.lastPrinted.size >= MAX_TRACKED_MESSAGES) this.lastPrinted.clear();
    const repeated = seen?.suppressed ? ` (repeated ${seen.suppressed} times in the last minute)` : '';
    this.lastPrinted.set(key, { at: now, suppressed: 0 });
    const detail = args.map((arg) => (arg instanceof Error ? arg.message : typeof arg === 'string' ? arg : safeJson(arg))).join(' ');
    this.write(`[otel ${level}] ${message}${detail ? ` ${detail}` : ''}${repeated}`);
  }
}

/**
 * The SDK's default error handler prints an exception as JSON, stack and all; one line with
 * its name and message is what a reader of the application's stderr can use.
 */
function readableException(message: string): string {
  if (typeof message !== 'string' || !message.startsWith('{"')) return String(message);
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return message;
  }
  const { name, message: text, code } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof text !== 'string') return message;
  const named = typeof name === 'string' && name !== 'Error' ? `${name}: ${text}` : text;
  return typeof code === 'string' && !text.includes(code) ? `${named} (${code})` : named;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function installDiagLogger(level: LogLevel): void {
  if (level === 'none') return;
  diag.setLogger(new RateLimitedDiagLogger(), { logLevel: LEVELS[level], suppressOverrideMessage: true });
}
