// OTLP/HTTP exporters for the three signals, in the configured encoding. Each export has
// a short timeout and a bounded number of requests in flight, so a slow collector costs
// bounded memory; the SDK's self-observability metrics count what is dropped.
import type { MeterProvider } from '@opentelemetry/api';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { Config } from '../config/types.js';

/** Requests in flight per signal; beyond it the exporter fails fast instead of piling up. */
const CONCURRENCY_LIMIT = 4;

function commonOptions(config: Config, url: string, selfObsMeterProvider?: MeterProvider) {
  return { url, timeoutMillis: config.exportTimeoutMs, concurrencyLimit: CONCURRENCY_LIMIT, ...(selfObsMeterProvider ? { selfObsMeterProvider } : {}) };
}

export function createSpanExporter(config: Config, meterProvider: MeterProvider): SpanExporter {
  const options = commonOptions(config, config.traces.endpoint, meterProvider);
  return config.protocol === 'http/json' ? new JsonTraceExporter(options) : new ProtoTraceExporter(options);
}

export function createMetricExporter(config: Config): PushMetricExporter {
  // Cumulative temporality: Prometheus' OTLP receiver rejects delta counters. No self-metrics
  // here: the meter provider does not exist yet when its own exporter is built.
  const options = { ...commonOptions(config, config.metrics.endpoint), temporalityPreference: AggregationTemporality.CUMULATIVE };
  return config.protocol === 'http/json' ? new JsonMetricExporter(options) : new ProtoMetricExporter(options);
}

export function createLogExporter(config: Config, meterProvider: MeterProvider): LogRecordExporter {
  const options = commonOptions(config, config.logs.endpoint, meterProvider);
  return config.protocol === 'http/json' ? new JsonLogExporter(options) : new ProtoLogExporter(options);
}
