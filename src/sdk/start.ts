// Assembles the SDK from the frozen configuration: resource, providers, exporters, the
// instrumentations and their module hooks, and the lifecycle handlers. Called once by the
// preload; everything it needs is passed in, nothing reads process.env.
import { createRequire } from 'node:module';
import { metrics, trace } from '@opentelemetry/api';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, type IMetricReader, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { captureError } from '../api/errors.js';
import { emitLog } from '../api/log.js';
import { publishRuntime } from '../api/runtime.js';
import type { Config } from '../config/types.js';
import { WARNING_CODES } from '../config/warnings.js';
import { installDiagLogger } from '../diagnostics/diag-logger.js';
import { type ExportChannel, startExportChannel } from '../export/channel.js';
import { logRecordForwarder, metricForwarder, spanForwarder } from '../export/forwarders.js';
import { subscribeToFastifyRoutes } from '../http/fastify-routes.js';
import { createPathMatcher } from '../http/request-attributes.js';
import { createServerDurationHistogram } from '../http/duration-histogram.js';
import { createErrorSpanSender, createRescuer } from '../http/rescue.js';
import { instrumentHttpServers } from '../http/server.js';
import { installCrashHandlers } from '../lifecycle/crash.js';
import { installShutdownHandlers } from '../lifecycle/signals.js';
import { type HookMode, registerModuleHooks } from '../preload/module-hooks.js';
import { registerProcessMetrics } from '../runtime/process-metrics.js';
import { createScrubber } from '../scrub/scrubber.js';
import { instrumentedModuleNames, loadInstrumentations } from './instrumentations.js';
import { startPrometheusEndpoint } from './prometheus-endpoint.js';
import { registerProviders } from './providers.js';
import { buildResource } from './resource.js';
import { createLeanTracerProvider } from './lean-tracer.js';
import { buildSampler, isParentBased } from './sampler.js';
import { createSlowQueryProcessor } from './slow-queries.js';
import { buildViews, HTTP_DURATION_BOUNDARIES } from './views.js';

const ownPackage = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };
export const INSTRUMENTATION_SCOPE = Object.freeze({ name: ownPackage.name, version: ownPackage.version });

export interface StartedTelemetry {
  readonly config: Config;
  readonly hookMode: HookMode;
  /** Exports everything buffered; resolves when done (or failed). */
  flush(): Promise<void>;
}

function warnExportWorker(message: string): void {
  process.emitWarning(message, { code: WARNING_CODES.exportWorker });
}

/** The export worker runs only when something is pushed over OTLP. */
function needsExportWorker(config: Config): boolean {
  return config.traces.exporter === 'otlp' || config.logs.exporter === 'otlp' || config.metrics.exporter === 'otlp';
}

export async function startTelemetry(config: Config, warn: (message: string) => void): Promise<StartedTelemetry> {
  const resource = await buildResource(config, warn);
  // Secrets and personal data are masked in every exported span and log record (in the
  // export worker); the application API scrubs what it builds with the same rules.
  const scrubber = createScrubber(config.scrubKeys);
  const channel: ExportChannel | undefined = needsExportWorker(config)
    ? startExportChannel({ config, resource, instrumentationScope: INSTRUMENTATION_SCOPE, warn: warnExportWorker })
    : undefined;

  // Readers first: the provider takes them at construction. The request duration histogram
  // is aggregated by the HTTP path itself and reaches every reader as a producer.
  const serverDuration = createServerDurationHistogram(HTTP_DURATION_BOUNDARIES, resource, INSTRUMENTATION_SCOPE);
  const metricProducers = [serverDuration.producer];
  const readers: IMetricReader[] = [];
  if (config.metrics.exporter === 'otlp' && channel) {
    readers.push(new PeriodicExportingMetricReader({
      exporter: metricForwarder(channel),
      exportIntervalMillis: config.metrics.exportIntervalMs,
      exportTimeoutMillis: Math.min(config.exportTimeoutMs, config.metrics.exportIntervalMs),
      metricProducers,
    }));
  } else if (config.metrics.exporter === 'prometheus') {
    const ownMetrics = channel ? () => channel.ownMetrics() : undefined;
    readers.push((await startPrometheusEndpoint(config, warn, { metricProducers, extraMetrics: ownMetrics })).reader);
  }
  const meterProvider = new MeterProvider({ resource, views: buildViews(), readers });
  metrics.setGlobalMeterProvider(meterProvider);

  const spanProcessors: SpanProcessor[] = config.traces.exporter === 'otlp' && channel ? [spanForwarder(channel)] : [];
  const logRecordProcessors: LogRecordProcessor[] = config.logs.exporter === 'otlp' && channel ? [logRecordForwarder(channel)] : [];

  const instrumentations = await loadInstrumentations(config, warn, {
    pinoLines: config.logs.exporter === 'otlp' && channel ? (header, line) => channel.writePinoLine(header, line) : undefined,
  });
  const hookMode = registerModuleHooks(instrumentedModuleNames(instrumentations));

  installDiagLogger(config.logLevel);
  await registerProviders({
    resource,
    sampler: buildSampler(config.traces.sampler),
    propagators: config.propagators,
    spanProcessors: [...spanProcessors, createSlowQueryProcessor(config.slowQueryMs)],
    logRecordProcessors,
    meterProvider,
    instrumentations,
  });
  if (isParentBased(config.traces.sampler)) {
    const lean = createLeanTracerProvider(trace.getTracerProvider());
    for (const instrumentation of instrumentations) instrumentation.setTracerProvider(lean);
  }

  const meter = meterProvider.getMeter(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version);
  if (config.instrumentations.includes('http')) {
    instrumentHttpServers({
      tracer: trace.getTracer(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version),
      duration: serverDuration,
      isUntraced: createPathMatcher(config.untracedPaths),
      slowRequestMs: config.traces.slowRequestMs,
      onSlowRequest: (request) => emitLog('warn', 'slow request', {
        'http.request.method': request.method,
        'http.route': request.route ?? '',
        'http.response.status_code': request.statusCode,
        duration_ms: Math.round(request.durationMs),
        threshold_ms: config.traces.slowRequestMs,
      }, request.spanContext),
      rescue: createRescuer(spanProcessors, resource, INSTRUMENTATION_SCOPE),
    });
  }
  if (config.instrumentations.includes('fastify')) subscribeToFastifyRoutes();
  if (readers.length > 0) registerProcessMetrics(meter);

  const flush = async () => {
    // The collection goes to the worker as a message, ahead of the flush request behind it.
    await meterProvider.forceFlush().catch(() => {});
    await channel?.flush();
  };
  const flushSync = (timeoutMs: number) => channel?.flushSync(timeoutMs) ?? true;
  installShutdownHandlers({ flush, flushSync, timeoutMs: config.shutdownTimeoutMs });
  installCrashHandlers({ capture: (error) => captureError(error, { handled: false }), flush, timeoutMs: config.shutdownTimeoutMs });
  publishRuntime({ config, scrubber, flush, sendErrorSpan: createErrorSpanSender(spanProcessors, resource, INSTRUMENTATION_SCOPE) });
  return { config, hookMode, flush };
}
