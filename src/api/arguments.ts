// Checks on the arguments of the application API. A bad argument is a bug in the calling
// code: in development and test it throws a TelemetryArgumentError that says what is wrong;
// in deployed environments the measurement is dropped and one warning per kind of mistake is
// printed, so a typo cannot crash production or flood its logs.
import { WARNING_CODES } from '../config/warnings.js';
import { emitLog } from './log.js';
import { getRuntime, isStrictEnvironment } from './runtime.js';

export class TelemetryArgumentError extends TypeError {
  readonly code = WARNING_CODES.badArgument;
  constructor(message: string) {
    super(message);
    this.name = 'TelemetryArgumentError';
  }
}

const warned = new Set<string>();

/** Throws (strict environments) or warns once per `kind` and returns false. */
export function rejectArgument(kind: string, message: string): false {
  if (isStrictEnvironment(getRuntime().config.environment)) throw new TelemetryArgumentError(message);
  if (!warned.has(kind)) {
    warned.add(kind);
    process.emitWarning(`${message}; the measurement is dropped (this warning is shown once)`, { code: WARNING_CODES.badArgument });
    emitLog('warn', 'telemetry API misuse', { 'obs.problem': message });
  }
  return false;
}

/** At most this many distinct values per label of one instrument: beyond it a value is refused. */
export const MAX_DISTINCT_VALUES = 50;
const seenValues = new Map<string, Set<string>>();

// Shapes that mean a per-user or per-request value: ids, e-mail addresses, long numbers.
const UNBOUNDED_SHAPES: readonly [RegExp, string][] = [
  [/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a UUID'],
  [/@/, 'an e-mail address'],
  [/\d{5,}/, 'a long number'],
  [/^[0-9a-f]{16,}$/i, 'a hexadecimal id'],
];

/**
 * A label value for `instrument`: a short string from a bounded set. Returns false (after
 * rejectArgument) when it is not.
 */
export function checkLabel(instrument: string, label: string, value: unknown, allowed?: readonly string[]): value is string {
  if (typeof value !== 'string' || value.length === 0) {
    return rejectArgument(`${instrument}.${label}.type`, `${instrument}: ${label} must be a non-empty string, got ${describe(value)}`);
  }
  if (allowed) {
    return allowed.includes(value) || rejectArgument(`${instrument}.${label}.enum`, `${instrument}: ${label} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  if (value.length > 64) {
    return rejectArgument(`${instrument}.${label}.length`, `${instrument}: ${label} must be at most 64 characters (a category, not free text), got ${value.length}`);
  }
  for (const [shape, what] of UNBOUNDED_SHAPES) {
    if (shape.test(value)) {
      return rejectArgument(`${instrument}.${label}.unbounded`, `${instrument}: ${label} looks like ${what}, a value with unbounded cardinality; use a category such as a plan or feature name`);
    }
  }
  const key = `${instrument}\u0000${label}`;
  let seen = seenValues.get(key);
  if (!seen) seenValues.set(key, (seen = new Set()));
  if (!seen.has(value)) {
    if (seen.size >= MAX_DISTINCT_VALUES) {
      return rejectArgument(`${instrument}.${label}.cardinality`, `${instrument}: ${label} already has ${MAX_DISTINCT_VALUES} distinct values; use a bounded set`);
    }
    seen.add(value);
  }
  return true;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** For tests: forget the values and warnings seen so far. */
export function resetArgumentState(): void {
  warned.clear();
  seenValues.clear();
}
