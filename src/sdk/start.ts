// Step 3 of the preload: the SDK, from the frozen configuration and the instrumentations
// step 2 created. The resource; the export worker (when anything goes out over OTLP); the
// meter provider and its readers; the tracer and logger providers with processors that hand
// their data to the worker; the instrumentations registered against them; the process
// metrics; and what the application API needs at run time. Nothing reads process.env.
import { createRequire } from 'node:module';
import { metrics, trace, type Tracer } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Resource } from '@opentelemetry/resources';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, type IMetricReader, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { publishRuntime } from '../api/runtime.js';
import type { Config } from '../config/types.js';
import { WARNING_CODES } from '../config/warnings.js';
import { installDiagLogger } from '../diagnostics/diag-logger.js';
import { type ExportChannel, startExportChannel } from '../export/channel.js';
import { logRecordForwarder, metricForwarder, spanForwarder } from '../export/forwarders.js';
import { createServerDurationHistogram, type ServerDurationHistogram } from '../http/duration-histogram.js';
import { createErrorSpanSender } from '../http/rescue.js';
import type { PinoLineSink } from '../logs/pino-instrumentation.js';
import { registerProcessMetrics } from '../runtime/process-metrics.js';
import { createScrubber } from '../scrub/scrubber.js';
import { finalMetricCollection } from './final-metrics.js';
import { startPrometheusEndpoint } from './prometheus-endpoint.js';
import { type LateRegistration, registerProviders } from './providers.js';
import { buildResource } from './resource.js';
import { buildSampler, isParentBased } from './sampler.js';
import { createSlowQueryProcessor } from './slow-queries.js';
import { buildViews, HTTP_DURATION_BOUNDARIES } from './views.js';

const ownPackage = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };
export const INSTRUMENTATION_SCOPE = Object.freeze({ name: ownPackage.name, version: ownPackage.version });

/** What the later steps of the preload need from the SDK. */
export interface Telemetry {
  readonly resource: Resource;
  /** This project's tracer, for the SERVER spans of incoming requests. */
  readonly tracer: Tracer;
  readonly serverDuration: ServerDurationHistogram;
  /** The processors that export: rescued spans are handed to them directly. */
  readonly spanProcessors: readonly SpanProcessor[];
  /** Where pino's lines go for export; undefined when logs are not exported. */
  readonly pinoLines: PinoLineSink | undefined;
  /** Exports everything recorded so far, metrics included; resolves when done (or failed). */
  flush(): Promise<void>;
  /**
   * Hands the metrics' last collection to the export worker, then blocks until everything
   * handed over is exported, at most `timeoutMs`.
   */
  flushSync(timeoutMs: number): boolean;
  /** Registers instrumentations created later, when their module is first resolved. */
  registerInstrumentations: LateRegistration;
}

function warnExportWorker(message: string): void {
  process.emitWarning(message, { code: WARNING_CODES.exportWorker });
}

/** The export worker runs only when something is pushed over OTLP. */
function needsExportWorker(config: Config): boolean {
  return config.traces.exporter === 'otlp' || config.logs.exporter === 'otlp' || config.metrics.exporter === 'otlp';
}

export async function startTelemetry(config: Config, instrumentations: Instrumentation[], warn: (message: string) => void): Promise<Telemetry> {
  // Secrets and personal data are masked in every exported span and log record (in the
  // export worker); the resource and what the application API builds, with the same rules.
  const scrubber = createScrubber(config.scrubKeys);
  const resource = await buildResource(config, scrubber, warn);
  const channel: ExportChannel | undefined = needsExportWorker(config)
    ? startExportChannel({ config, resource, instrumentationScope: INSTRUMENTATION_SCOPE, warn: warnExportWorker })
    : undefined;

  // Readers first: the provider takes them at construction. The request duration histogram
  // is aggregated by the HTTP path itself and reaches every reader as a producer.
  const serverDuration = createServerDurationHistogram(HTTP_DURATION_BOUNDARIES, resource, INSTRUMENTATION_SCOPE);
  const metricProducers = [serverDuration.producer];
  const readers: IMetricReader[] = [];
  let pushReader: PeriodicExportingMetricReader | undefined;
  if (config.metrics.exporter === 'otlp' && channel) {
    pushReader = new PeriodicExportingMetricReader({
      exporter: metricForwarder(channel),
      exportIntervalMillis: config.metrics.exportIntervalMs,
      exportTimeoutMillis: Math.min(config.exportTimeoutMs, config.metrics.exportIntervalMs),
      metricProducers,
    });
    readers.push(pushReader);
  } else if (config.metrics.exporter === 'prometheus') {
    const ownMetrics = channel ? () => channel.ownMetrics() : undefined;
    readers.push((await startPrometheusEndpoint(config, warn, { scrubber, metricProducers, extraMetrics: ownMetrics })).reader);
  }
  const meterProvider = new MeterProvider({ resource, views: buildViews(), readers });
  metrics.setGlobalMeterProvider(meterProvider);

  const spanProcessors: SpanProcessor[] = config.traces.exporter === 'otlp' && channel ? [spanForwarder(channel)] : [];
  const logRecordProcessors: LogRecordProcessor[] = config.logs.exporter === 'otlp' && channel ? [logRecordForwarder(channel)] : [];

  installDiagLogger(config.logLevel);
  const registerInstrumentations = await registerProviders({
    resource,
    sampler: buildSampler(config.traces.sampler),
    propagators: config.propagators,
    spanProcessors: [...spanProcessors, createSlowQueryProcessor(config.slowQueryMs)],
    logRecordProcessors,
    meterProvider,
    instrumentations,
    leanInstrumentationTracer: isParentBased(config.traces.sampler),
  });

  if (readers.length > 0) registerProcessMetrics(meterProvider.getMeter(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version), { cgroupDirectory: config.cgroupDirectory });

  const flush = async () => {
    // The collection goes to the worker as a message, ahead of the flush request behind it.
    await meterProvider.forceFlush().catch(() => {});
    await channel?.flush();
  };
  // The synchronous flush ends the process's life (an 'exit' handler, a signal listener the
  // application ends the process from), so it takes the metrics' last collection with it.
  const finalMetrics = pushReader ? finalMetricCollection(meterProvider, pushReader, [serverDuration.producer]) : undefined;
  const flushSync = (timeoutMs: number) => {
    if (channel === undefined) return true;
    if (finalMetrics) {
      const scopeMetrics = finalMetrics();
      // An SDK whose internals moved: the asynchronous collection, out if the process lives on.
      if (scopeMetrics === undefined) void meterProvider.forceFlush().catch(() => {});
      else if (scopeMetrics.length > 0) channel.sendMetrics(scopeMetrics);
    }
    return channel.flushSync(timeoutMs);
  };
  publishRuntime({ config, scrubber, flush, sendErrorSpan: createErrorSpanSender(spanProcessors, resource, INSTRUMENTATION_SCOPE) });
  return {
    resource,
    tracer: trace.getTracer(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version),
    serverDuration,
    spanProcessors,
    pinoLines: config.logs.exporter === 'otlp' && channel ? (header, line) => channel.writePinoLine(header, line) : undefined,
    flush,
    flushSync,
    registerInstrumentations,
  };
}
