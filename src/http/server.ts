// Incoming HTTP requests: one SERVER span and one `http.server.request.duration` record per
// request, with the route template. This replaces the stock instrumentation's server side,
// whose per-request work (attribute objects, header walks, several listeners) cost more
// than half of a small request when measured here. On this path an unsampled request costs a span context,
// one context switch and one histogram record, and attributes are built only for spans
// that are recorded.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { errorTypeOf, normaliseMethod, pathOf, type PathMatcher, routeOf } from './request-attributes.js';
import { RequestContext } from './request-context.js';
import { armIdleConnectionTimersOutsideRequests } from './idle-connections.js';
import { requestAttributes, type ServerDurationHistogram } from './duration-histogram.js';

export interface FinishedRequest {
  readonly name: string;
  readonly spanContext: SpanContext;
  readonly parentSpanContext: SpanContext | undefined;
  readonly startEpochMs: number;
  readonly durationMs: number;
  readonly attributes: Record<string, string | number>;
  readonly failed: boolean;
  readonly error: unknown;
}

export interface ServerInstrumentationOptions {
  readonly tracer: Tracer;
  readonly duration: ServerDurationHistogram;
  readonly isUntraced: PathMatcher;
  readonly slowRequestMs: number;
  /** Called for a failed or slow request whose span the sampler did not record. */
  readonly rescue: (request: FinishedRequest) => void;
  /** Called for every request slower than slowRequestMs, recorded or not. */
  readonly onSlowRequest?: (request: SlowRequest) => void;
}

export interface SlowRequest {
  readonly method: string;
  readonly route: string | undefined;
  readonly statusCode: number;
  readonly durationMs: number;
  readonly spanContext: SpanContext;
}

const kState = Symbol('obs.http.state');
type InstrumentedResponse = http.ServerResponse & { [kState]?: RequestContext };

let installed: ServerInstrumentationOptions | undefined;

/** Patches http and https servers once per process; later calls replace the options. */
export function instrumentHttpServers(options: ServerInstrumentationOptions): void {
  const first = installed === undefined;
  installed = options;
  if (!first) return;
  patchEmit(http.Server.prototype, 'http');
  patchEmit(https.Server.prototype, 'https');
  armIdleConnectionTimersOutsideRequests();
}

function patchEmit(prototype: { emit: (...args: any[]) => boolean }, scheme: 'http' | 'https'): void {
  const original = prototype.emit;
  prototype.emit = function emit(this: unknown, event: string | symbol, request: http.IncomingMessage, response: http.ServerResponse) {
    if (event !== 'request' || installed === undefined) return original.apply(this, arguments as never);
    return handleRequest(installed, original, this, scheme, request, response as InstrumentedResponse);
  };
}

function handleRequest(
  options: ServerInstrumentationOptions,
  emit: (...args: any[]) => boolean,
  server: unknown,
  scheme: 'http' | 'https',
  request: http.IncomingMessage,
  response: InstrumentedResponse,
): boolean {
  const path = pathOf(request.url);
  if (options.isUntraced(path)) {
    // Health checks and scrapes: no span, no request metric, and nothing below them traced.
    return context.with(suppressTracing(context.active()), emit, server, 'request', request, response);
  }
  const method = normaliseMethod(request.method);
  const parent = propagation.extract(ROOT_CONTEXT, request.headers);
  const span = options.tracer.startSpan(method, { kind: SpanKind.SERVER }, parent);
  const requestContext = new RequestContext(parent, span, trace.getSpanContext(parent), performance.now(), method, scheme, path);
  if (span.isRecording()) {
    span.setAttributes({
      'http.request.method': method,
      'url.scheme': scheme,
      'url.path': path,
      'network.protocol.version': request.httpVersion,
      ...(request.headers['user-agent'] ? { 'user_agent.original': request.headers['user-agent'] } : {}),
    });
  }
  response[kState] = requestContext;
  // 'close' comes once per response; `on` spares the wrapper `once` allocates.
  response.on('close', onResponseClose);
  try {
    return context.with(requestContext, emit, server, 'request', request, response);
  } catch (error) {
    requestContext.error = error;
    if (span.isRecording()) span.recordException(error as Error);
    throw error;
  }
}

function onResponseClose(this: InstrumentedResponse): void {
  const state = this[kState];
  // A request is finished once: the span, the histogram record and the rescue happen here.
  const options = installed;
  if (!state || !options) return;
  this[kState] = undefined;
  const durationMs = performance.now() - state.startMs;
  const completed = this.writableFinished;
  const route = state.route ?? routeOf(this.req);
  const errorType = errorTypeOf(this.statusCode, completed, state.error);

  const statusCode = this.headersSent ? this.statusCode : undefined;
  options.duration.record(durationMs / 1000, state.method, state.scheme, statusCode, route, errorType);

  const { span } = state;
  if (durationMs >= options.slowRequestMs && options.onSlowRequest) {
    options.onSlowRequest({ method: state.method, route, statusCode: this.statusCode, durationMs, spanContext: span.spanContext() });
  }

  const failed = errorType !== undefined;
  const recording = span.isRecording();
  if (!recording && !failed && durationMs < options.slowRequestMs) return;
  // Only spans that are exported pay for a name and attributes.
  const name = route === undefined ? state.method : `${state.method} ${route}`;
  const attributes = requestAttributes(state.method, state.scheme, statusCode, route, errorType);
  if (recording) {
    span.updateName(name);
    span.setAttributes(attributes);
    if (errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    return;
  }
  options.rescue({
    name,
    spanContext: span.spanContext(),
    parentSpanContext: state.parentSpanContext,
    startEpochMs: performance.timeOrigin + state.startMs,
    durationMs,
    attributes: { ...attributes, 'url.path': state.path },
    failed,
    error: state.error,
  });
}
