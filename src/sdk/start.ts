// Assembles the SDK from the frozen configuration: resource, providers, exporters, the
// instrumentations and their module hooks, and the lifecycle handlers. Called once by the
// preload; everything it needs is passed in, nothing reads process.env.
import { createRequire } from 'node:module';
import { metrics, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchLogRecordProcessor, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, type IMetricReader, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { captureError } from '../api/errors.js';
import { emitLog } from '../api/log.js';
import { publishRuntime } from '../api/runtime.js';
import type { Config } from '../config/types.js';
import { installDiagLogger } from '../diagnostics/diag-logger.js';
import { subscribeToFastifyRoutes } from '../http/fastify-routes.js';
import { createPathMatcher } from '../http/request-attributes.js';
import { createErrorSpanSender, createRescuer } from '../http/rescue.js';
import { instrumentHttpServers } from '../http/server.js';
import { installCrashHandlers } from '../lifecycle/crash.js';
import { installShutdownHandlers } from '../lifecycle/signals.js';
import { type HookMode, registerModuleHooks } from '../preload/module-hooks.js';
import { registerProcessMetrics } from '../runtime/process-metrics.js';
import { scrubbingLogExporter, scrubbingSpanExporter } from '../scrub/exporters.js';
import { createScrubber } from '../scrub/scrubber.js';
import { loadOtlpExporters } from './exporters.js';
import { instrumentedModuleNames, loadInstrumentations } from './instrumentations.js';
import { startPrometheusEndpoint } from './prometheus-endpoint.js';
import { buildResource } from './resource.js';
import { createLeanTracerProvider } from './lean-tracer.js';
import { buildSampler, isParentBased } from './sampler.js';
import { createSlowQueryProcessor } from './slow-queries.js';
import { buildViews, HTTP_DURATION_BOUNDARIES } from './views.js';

const ownPackage = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };
export const INSTRUMENTATION_SCOPE = Object.freeze({ name: ownPackage.name, version: ownPackage.version });

/** Export batches at most this often; short enough that a crash loses little. */
const BATCH_DELAY_MS = 1_000;

export interface StartedTelemetry {
  readonly config: Config;
  readonly hookMode: HookMode;
  /** Exports everything buffered; resolves when done (or failed). */
  flush(): Promise<void>;
}

export async function startTelemetry(config: Config, warn: (message: string) => void): Promise<StartedTelemetry> {
  const resource = await buildResource(config, warn);
  // Secrets and personal data are masked in every span and log record that is exported.
  const scrubber = createScrubber(config.scrubKeys);
  const otlp = await loadOtlpExporters(config);

  // Readers first: the provider takes them at construction, and the span and log
  // pipelines below count their own drops in that provider.
  const readers: IMetricReader[] = [];
  if (config.metrics.exporter === 'otlp') {
    readers.push(new PeriodicExportingMetricReader({
      exporter: otlp.createMetricExporter(),
      exportIntervalMillis: config.metrics.exportIntervalMs,
      exportTimeoutMillis: Math.min(config.exportTimeoutMs, config.metrics.exportIntervalMs),
    }));
  } else if (config.metrics.exporter === 'prometheus') {
    readers.push((await startPrometheusEndpoint(config, warn)).reader);
  }
  const meterProvider = new MeterProvider({ resource, views: buildViews(), readers });
  metrics.setGlobalMeterProvider(meterProvider);

  const spanProcessors: SpanProcessor[] = config.traces.exporter === 'otlp'
    ? [new BatchSpanProcessor({
        exporter: scrubbingSpanExporter(otlp.createSpanExporter(meterProvider), scrubber),
        maxQueueSize: config.maxQueueSize,
        scheduledDelayMillis: BATCH_DELAY_MS,
        exportTimeoutMillis: config.exportTimeoutMs,
        selfObsMeterProvider: meterProvider,
      })]
    : [];
  const logRecordProcessors: LogRecordProcessor[] = config.logs.exporter === 'otlp'
    ? [new BatchLogRecordProcessor({
        exporter: scrubbingLogExporter(otlp.createLogExporter(meterProvider), scrubber),
        maxQueueSize: config.maxQueueSize,
        scheduledDelayMillis: BATCH_DELAY_MS,
        exportTimeoutMillis: config.exportTimeoutMs,
        selfObsMeterProvider: meterProvider,
      })]
    : [];

  const instrumentations = await loadInstrumentations(config, warn);
  const hookMode = registerModuleHooks(instrumentedModuleNames(instrumentations));

  const sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    sampler: buildSampler(config.traces.sampler),
    spanProcessors: [...spanProcessors, createSlowQueryProcessor(config.slowQueryMs)],
    logRecordProcessors,
    metricReaders: [],
    views: [],
    instrumentations,
  });
  // After the NodeSDK constructor, which installs its own console logger when
  // OTEL_LOG_LEVEL is set: ours rate-limits repeated export failures.
  installDiagLogger(config.logLevel);
  sdk.start();
  if (isParentBased(config.traces.sampler)) {
    const lean = createLeanTracerProvider(trace.getTracerProvider());
    for (const instrumentation of instrumentations) instrumentation.setTracerProvider(lean);
  }

  const meter = meterProvider.getMeter(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version);
  if (config.instrumentations.includes('http')) {
    instrumentHttpServers({
      tracer: trace.getTracer(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version),
      duration: meter.createHistogram('http.server.request.duration', {
        description: 'Duration of HTTP server requests.',
        unit: 's',
        advice: { explicitBucketBoundaries: [...HTTP_DURATION_BOUNDARIES] },
      }),
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
    await Promise.allSettled([
      ...spanProcessors.map((processor) => processor.forceFlush()),
      ...logRecordProcessors.map((processor) => processor.forceFlush()),
      meterProvider.forceFlush(),
    ]);
  };
  installShutdownHandlers({ flush, timeoutMs: config.shutdownTimeoutMs });
  installCrashHandlers({ capture: (error) => captureError(error, { handled: false }), flush, timeoutMs: config.shutdownTimeoutMs });
  publishRuntime({ config, scrubber, flush, sendErrorSpan: createErrorSpanSender(spanProcessors, resource, INSTRUMENTATION_SCOPE) });
  return { config, hookMode, flush };
}
