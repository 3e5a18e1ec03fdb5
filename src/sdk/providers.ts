// The global context manager, propagator, tracer and logger providers, and the
// instrumentations registered against them: what sdk-node's NodeSDK sets up, without it.
// NodeSDK imports every exporter it might build from the environment (gRPC, Prometheus,
// console) and its configuration-file machinery: about 300 ms and 10 MB at start-up for
// code this bootstrap never runs.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, context, logs, propagation, type TextMapPropagator, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import type { Resource } from '@opentelemetry/resources';
import { type LogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import { type Sampler, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { withNextRoutes } from '../http/next-routes.js';
import { createLeanTracerProvider } from './lean-tracer.js';

export interface ProviderOptions {
  readonly resource: Resource;
  readonly sampler: Sampler;
  readonly propagators: readonly string[];
  readonly spanProcessors: SpanProcessor[];
  readonly logRecordProcessors: LogRecordProcessor[];
  readonly meterProvider: MeterProvider;
  readonly instrumentations: Instrumentation[];
  /**
   * Under a parent-based sampler, instrumentations get the lean tracer (lean-tracer.ts): a
   * child of an unrecorded span costs nothing.
   */
  readonly leanInstrumentationTracer: boolean;
}

/** Registers instrumentations created after start-up (on their module's first resolution). */
export type LateRegistration = (instrumentations: Instrumentation[]) => void;

let contextStorage: AsyncLocalStorage<Context> | undefined;

/**
 * The AsyncLocalStorage that holds the active context, for diagnostics tracing channels whose
 * spans must be active while the traced work runs (bindStore). Undefined before start-up, or
 * should the context manager keep its storage elsewhere (it is not part of its API).
 */
export function activeContextStorage(): AsyncLocalStorage<Context> | undefined {
  return contextStorage;
}

export async function registerProviders(options: ProviderOptions): Promise<LateRegistration> {
  const contextManager = new AsyncLocalStorageContextManager();
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
  const storage = (contextManager as unknown as { _asyncLocalStorage?: unknown })._asyncLocalStorage;
  if (storage instanceof AsyncLocalStorage) contextStorage = storage as AsyncLocalStorage<Context>;
  const propagator = await buildPropagator(options.propagators);
  if (propagator) propagation.setGlobalPropagator(propagator);

  const tracerProvider = new TracerProvider({ resource: options.resource, sampler: options.sampler, spanProcessors: options.spanProcessors });
  // Next.js reports each request's route through the global tracer (src/http/next-routes.ts).
  trace.setGlobalTracerProvider(withNextRoutes(tracerProvider));
  const loggerProvider = new LoggerProvider({ resource: options.resource, processors: options.logRecordProcessors });
  logs.setGlobalLoggerProvider(loggerProvider);
  const instrumentationTracerProvider = options.leanInstrumentationTracer ? createLeanTracerProvider(tracerProvider) : tracerProvider;
  const register: LateRegistration = (instrumentations) => {
    registerInstrumentations({ instrumentations, tracerProvider: instrumentationTracerProvider, meterProvider: options.meterProvider, loggerProvider });
  };
  register(options.instrumentations);
  return register;
}

/** OTEL_PROPAGATORS, as parsed: tracecontext, baggage, b3 (single header), b3multi, or none. */
async function buildPropagator(names: readonly string[]): Promise<TextMapPropagator | undefined> {
  if (names.includes('none')) return undefined;
  const propagators: TextMapPropagator[] = [];
  for (const name of new Set(names)) {
    if (name === 'tracecontext') propagators.push(new W3CTraceContextPropagator());
    else if (name === 'baggage') propagators.push(new W3CBaggagePropagator());
    else if (name === 'b3' || name === 'b3multi') {
      // Loaded only when asked for.
      const { B3Propagator, B3InjectEncoding } = await import('@opentelemetry/propagator-b3');
      propagators.push(new B3Propagator({ injectEncoding: name === 'b3' ? B3InjectEncoding.SINGLE_HEADER : B3InjectEncoding.MULTI_HEADER }));
    }
  }
  return new CompositePropagator({ propagators });
}
