// Fastify (v5) publishes `tracing:fastify.request.handler:*` diagnostics channels with the
// route template. Reading them gives Fastify requests their `http.route` without patching
// Fastify or hooking its module (the community instrumentation is on an older SDK line).
import { subscribe } from 'node:diagnostics_channel';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

interface HandlerStore {
  route?: { url?: string };
  error?: unknown;
}

let subscribed = false;

export function subscribeToFastifyRoutes(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe('tracing:fastify.request.handler:start', (message) => {
    const url = (message as HandlerStore).route?.url;
    const rpc = getRPCMetadata(context.active());
    if (url !== undefined && rpc?.type === RPCType.HTTP) rpc.route = url;
  });
  subscribe('tracing:fastify.request.handler:error', (message) => {
    const { error } = message as HandlerStore;
    const span = trace.getSpan(context.active());
    if (span?.isRecording() && error instanceof Error) {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    }
  });
}
