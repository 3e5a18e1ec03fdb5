// In-process OpenTelemetry providers that keep what they receive, for unit tests of the
// application API (the preload tests use real child processes instead).
import { context, logs, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

class CollectingReader extends MetricReader {
  onForceFlush() { return Promise.resolve(); }
  onShutdown() { return Promise.resolve(); }
}

let installed;

/** Installs global providers once per test file and returns accessors. */
export function installTelemetry() {
  if (installed) return installed;
  const reader = new CollectingReader();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  const spans = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }));
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const records = new InMemoryLogRecordExporter();
  logs.setGlobalLoggerProvider(new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: records })] }));
  installed = {
    /** Data points of a metric, with their attributes. */
    async points(name) {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).filter((metric) => metric.descriptor.name === name).flatMap((metric) => metric.dataPoints);
    },
    /** The summed value of a counter's points whose attributes include `match`. */
    async sum(name, match = {}) {
      const points = await this.points(name);
      return points.filter((point) => Object.entries(match).every(([key, value]) => point.attributes[key] === value)).reduce((total, point) => total + (typeof point.value === 'number' ? point.value : point.value.count), 0);
    },
    spans: () => spans.getFinishedSpans(),
    logRecords: () => records.getFinishedLogRecords(),
    tracer: () => trace.getTracer('test'),
  };
  return installed;
}

/** Runs `work` with process.stdout.write captured; returns the JSON lines written. */
export async function captureStdout(work) {
  const original = process.stdout.write;
  const lines = [];
  process.stdout.write = (chunk, ...rest) => {
    const text = String(chunk);
    if (text.startsWith('{')) lines.push(...text.trim().split('\n').map((line) => JSON.parse(line)));
    else original.call(process.stdout, chunk, ...rest);
    return true;
  };
  try {
    await work();
  } finally {
    process.stdout.write = original;
  }
  return lines;
}
