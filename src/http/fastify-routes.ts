// Fastify (v5) publishes diagnostics channels: `fastify.initialization` with each new
// instance, and `tracing:fastify.request.handler:*` around route handlers. Reading them gives
// Fastify requests their `http.route` without patching Fastify or hooking its module (the
// community instrumentation is on an older SDK line).
//
// The route is taken in an onRequest hook added to each new instance, because requests
// rejected before their handler runs (a malformed body, a schema violation: the 400s a
// dashboard wants per route) never reach the handler channel.
import { subscribe } from 'node:diagnostics_channel';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

interface RequestWithRoute {
  routeOptions?: { url?: string };
}

interface FastifyLike {
  addHook(name: 'onRequest', hook: (request: RequestWithRoute, reply: unknown, done: () => void) => void): unknown;
}

function setRoute(url: string | undefined): void {
  const rpc = getRPCMetadata(context.active());
  if (url !== undefined && rpc?.type === RPCType.HTTP) rpc.route = url;
}

interface HandlerStore {
  route?: { url?: string };
  error?: unknown;
}

let subscribed = false;

export function subscribeToFastifyRoutes(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe('fastify.initialization', (message) => {
    const instance = (message as { fastify?: FastifyLike }).fastify;
    try {
      // 404s have no routeOptions.url and so no route, as the semantic conventions want.
      instance?.addHook('onRequest', (request, _reply, done) => {
        setRoute(request.routeOptions?.url);
        done();
      });
    } catch {
      // An instance that refuses hooks still gets its route from the handler channel.
    }
  });
  subscribe('tracing:fastify.request.handler:start', (message) => setRoute((message as HandlerStore).route?.url));
  subscribe('tracing:fastify.request.handler:error', (message) => {
    const { error } = message as HandlerStore;
    const span = trace.getSpan(context.active());
    if (span?.isRecording() && error instanceof Error) {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    }
  });
}
