// OTLP/HTTP exporters for the three signals, each in its configured encoding. Each export has
// a short timeout and a bounded number of requests in flight, so a slow collector costs
// bounded memory; the SDK's self-observability metrics count what is dropped. Only the
// chosen encoding's packages are loaded (each pair costs start-up time and memory).
import type { MeterProvider } from '@opentelemetry/api';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { Config } from '../config/types.js';

/** The exporters' compression option: an enum whose values are the variable's own words. */
type Compression = NonNullable<ConstructorParameters<typeof import('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter>[0]>['compression'];

/** Requests in flight per signal; beyond it the exporter fails fast instead of piling up. */
const CONCURRENCY_LIMIT = 4;

export interface OtlpExporters {
  createSpanExporter(meterProvider: MeterProvider): SpanExporter;
  /** No self-metrics: the meter provider does not exist yet when its own exporter is built. */
  createMetricExporter(): PushMetricExporter;
  createLogExporter(meterProvider: MeterProvider): LogRecordExporter;
}

export async function loadOtlpExporters(config: Config): Promise<OtlpExporters> {
  const [traces, metrics, logs] = await Promise.all([
    config.traces.protocol === 'http/json' ? import('@opentelemetry/exporter-trace-otlp-http') : import('@opentelemetry/exporter-trace-otlp-proto'),
    config.metrics.protocol === 'http/json' ? import('@opentelemetry/exporter-metrics-otlp-http') : import('@opentelemetry/exporter-metrics-otlp-proto'),
    config.logs.protocol === 'http/json' ? import('@opentelemetry/exporter-logs-otlp-http') : import('@opentelemetry/exporter-logs-otlp-proto'),
  ]);
  const options = (url: string, selfObsMeterProvider?: MeterProvider) => ({
    url,
    timeoutMillis: config.exportTimeoutMs,
    concurrencyLimit: CONCURRENCY_LIMIT,
    ...(config.compression ? { compression: config.compression as Compression } : {}),
    ...(selfObsMeterProvider ? { selfObsMeterProvider } : {}),
  });
  return {
    createSpanExporter: (meterProvider) => new traces.OTLPTraceExporter(options(config.traces.endpoint, meterProvider)),
    // Cumulative temporality: Prometheus' OTLP receiver rejects delta counters.
    createMetricExporter: () => new metrics.OTLPMetricExporter({ ...options(config.metrics.endpoint), temporalityPreference: AggregationTemporality.CUMULATIVE }),
    createLogExporter: (meterProvider) => new logs.OTLPLogExporter(options(config.logs.endpoint, meterProvider)),
  };
}
