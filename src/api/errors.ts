// Error tracking: captureError() records an error on the active span (or a new one), counts
// it in its group (app.errors by type, fingerprint and handled; the users it affected: see
// error-groups.ts), and logs it with a stable fingerprint, the release, the environment and,
// when given, the user id (nothing else about the user). Messages and stacks are scrubbed
// before they are recorded anywhere.
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { rejectArgument } from './arguments.js';
import { fingerprintOf } from './fingerprint.js';
import { createErrorGroups, type ErrorGroups } from './error-groups.js';
import { emitLog } from './log.js';
import { getRuntime } from './runtime.js';

export interface CaptureContext {
  /** The user the error happened to: an id only, never a name or an e-mail address. */
  readonly userId?: string | number;
  /** False for errors that end the process (uncaught); defaults to true. */
  readonly handled?: boolean;
}

export interface CapturedError {
  readonly type: string;
  readonly fingerprint: string;
}

/** Error types are a bounded set in practice; past this many, further types count as `other`. */
const MAX_ERROR_TYPES = 100;
const errorTypes = new Set<string>();
let errorGroups: ErrorGroups | undefined;

function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  const error = new Error(typeof value === 'string' ? value : `non-error value thrown: ${describeValue(value)}`);
  error.name = 'NonError';
  return error;
}

function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export function captureError(error: unknown, captureContext: CaptureContext = {}): CapturedError | undefined {
  return capture(error, captureContext, true);
}

/**
 * An uncaught exception or unhandled rejection: exported like any captured error, but with no
 * line of ours on stdout. The process is about to end with Node's own report on stderr, and
 * its stdout stays exactly what the application wrote (a CLI's output may be piped on).
 */
export function captureUncaught(error: unknown): CapturedError | undefined {
  return capture(error, { handled: false }, false);
}

function capture(error: unknown, captureContext: CaptureContext, writeLine: boolean): CapturedError | undefined {
  if (captureContext === null || typeof captureContext !== 'object') {
    rejectArgument('captureError.context', `captureError: the second argument must be an options object, got ${captureContext === null ? 'null' : typeof captureContext}`);
    captureContext = {};
  }
  const { userId, handled = true } = captureContext;
  if (userId !== undefined && typeof userId !== 'string' && typeof userId !== 'number') {
    rejectArgument('captureError.userId', `captureError: userId must be a string or a number, got ${typeof userId}`);
    return undefined;
  }
  const { config, scrubber } = getRuntime();
  const original = asError(error);
  const type = original.name || original.constructor?.name || 'Error';
  const message = scrubber.scrubString(String(original.message ?? ''));
  const stack = original.stack === undefined ? undefined : scrubber.scrubString(original.stack);
  const fingerprint = fingerprintOf(type, message, stack);

  const attributes: Record<string, string | number | boolean> = {
    'exception.type': type,
    'exception.message': message,
    'error.fingerprint': fingerprint,
    'error.handled': handled,
  };
  if (stack !== undefined) attributes['exception.stacktrace'] = stack;
  if (userId !== undefined) attributes['enduser.id'] = String(userId);

  const active = trace.getSpan(context.active());
  const runtime = getRuntime();
  if (active?.isRecording()) {
    active.addEvent('exception', attributes);
    active.setStatus({ code: SpanStatusCode.ERROR, message: `${type}: ${message}` });
  } else if (runtime.sendErrorSpan) {
    // Not recorded (sampled out, or outside any request): a span of its own, exported
    // whatever the sampler decided, in the request's trace when there is one.
    runtime.sendErrorSpan({ name: `error ${type}`, parent: active?.spanContext(), attributes: { 'error.type': type }, exceptionAttributes: attributes, statusMessage: `${type}: ${message}` });
  } else {
    // No span to attach it to: a short one of its own, in the same trace when there is one.
    const span = trace.getTracer('node-otel-stack/errors').startSpan(`error ${type}`, { attributes: { 'error.type': type } });
    span.addEvent('exception', attributes);
    span.setStatus({ code: SpanStatusCode.ERROR, message: `${type}: ${message}` });
    span.end();
  }

  if (!errorTypes.has(type) && errorTypes.size < MAX_ERROR_TYPES) errorTypes.add(type);
  errorGroups ??= createErrorGroups();
  errorGroups.record({ type: errorTypes.has(type) ? type : 'other', fingerprint, message, handled, userId: userId === undefined ? undefined : String(userId) });

  emitLog('error', `${type}: ${message}`, {
    'error.type': type,
    'error.message': message,
    'error.stack': stack ?? '',
    'error.fingerprint': fingerprint,
    'error.handled': handled,
    'service.version': config.serviceVersion ?? '',
    'deployment.environment.name': config.environment,
    ...(userId === undefined ? {} : { 'enduser.id': String(userId) }),
  }, undefined, { stdout: writeLine });
  return { type, fingerprint };
}
