// Incoming HTTP requests: one SERVER span and one `http.server.request.duration` record per
// request, with the route template. This replaces the stock instrumentation's server side,
// whose per-request work (attribute objects, header walks, several listeners) cost more
// than half of a small request when measured here. On this path an unsampled request costs a span context,
// one context switch and one histogram record, and attributes are built only for spans
// that are recorded.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
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
import { deliverRequestEventsIn } from './request-events.js';
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

/** Patches http, https and HTTP/2 servers once per process; later calls replace the options. */
export function instrumentHttpServers(options: ServerInstrumentationOptions): void {
  const first = installed === undefined;
  installed = options;
  if (!first) return;
  patchEmit(http.Server.prototype, 'http', isAnyRequest);
  patchEmit(https.Server.prototype, 'https', isAnyRequest);
  // HTTP/2 servers (node:http2's compatibility API, which Fastify, Koa and Hono use with
  // HTTP/2) emit 'request' too, but their classes are not exported and loading node:http2 to
  // reach them would cost every app start-up. They inherit from net.Server and tls.Server,
  // as http.Server and https.Server do, whose own patches above come first: these see HTTP/2
  // requests, and only an event name comparison of every other server's events.
  patchEmit(tls.Server.prototype, 'https', looksLikeHttpRequest);
  patchEmit(net.Server.prototype, 'http', looksLikeHttpRequest);
  armIdleConnectionTimersOutsideRequests();
}

/** On each of our wrappers, the emit it wraps: a wrapper never calls another one (tls.Server inherits net.Server's). */
const kOriginalEmit = Symbol('obs.http.originalEmit');
type Emit = ((...args: any[]) => boolean) & { [kOriginalEmit]?: Emit };

function patchEmit(prototype: { emit: Emit }, scheme: 'http' | 'https', isRequest: (request: unknown, response: unknown) => boolean): void {
  let original = prototype.emit;
  while (original[kOriginalEmit]) original = original[kOriginalEmit];
  const wrapper: Emit = function emit(this: unknown, event: string | symbol, request: http.IncomingMessage, response: http.ServerResponse) {
    if (event !== 'request' || installed === undefined || !isRequest(request, response)) return original.apply(this, arguments as never);
    return handleRequest(installed, original, this, scheme, request, response as InstrumentedResponse);
  };
  wrapper[kOriginalEmit] = original;
  prototype.emit = wrapper;
}

const isAnyRequest = () => true;

/** A 'request' event of some other net.Server subclass is left alone unless it carries an HTTP exchange. */
function looksLikeHttpRequest(request: unknown, response: unknown): boolean {
  const candidate = request as Partial<http.IncomingMessage> | null;
  const answer = response as Partial<http.ServerResponse> | null;
  return typeof candidate?.url === 'string' && typeof candidate.method === 'string' && typeof candidate.headers === 'object'
    && typeof answer?.on === 'function' && typeof answer.writeHead === 'function';
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
    const untraced = suppressTracing(context.active());
    deliverRequestEventsIn(request, response, untraced);
    return context.with(untraced, emit, server, 'request', request, response);
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
  deliverRequestEventsIn(request, response, requestContext);
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
  const route = state.route ?? routeOf(this.req);
  // A finished response has sent its headers: whether they went out says both things.
  const responseStarted = this.headersSent;
  const errorType = errorTypeOf(this.statusCode, responseStarted, state.error);

  const statusCode = responseStarted ? this.statusCode : undefined;
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
