// A pino logger with the defaults a service wants: JSON on stdout, ISO timestamps, the level
// as a word, and secrets redacted. Trace correlation (trace_id, span_id) and OTLP export come
// from the pino instrumentation, so any pino logger the app creates gets them too.
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Paths pino redacts before a line is written (and so before it is exported). */
export const DEFAULT_REDACT_PATHS = Object.freeze([
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
]);

export interface CreateLoggerOptions extends Omit<LoggerOptions, 'redact'> {
  /** Extra paths to redact, added to DEFAULT_REDACT_PATHS. */
  readonly redactPaths?: readonly string[];
}

/** Like pino(options, destination): stdout unless a destination stream is given. */
export function createLogger(options: CreateLoggerOptions = {}, destination?: DestinationStream): Logger {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`createLogger options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  const { redactPaths = [], ...pinoOptions } = options;
  if (!Array.isArray(redactPaths) || redactPaths.some((path) => typeof path !== 'string')) {
    throw new TypeError('createLogger redactPaths must be an array of strings');
  }
  const settings: LoggerOptions = {
    level: 'info',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    ...pinoOptions,
    redact: { paths: [...DEFAULT_REDACT_PATHS, ...redactPaths], censor: '[REDACTED]' },
  };
  return destination === undefined ? pino(settings) : pino(settings, destination);
}
