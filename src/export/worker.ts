// The export worker: everything that turns recorded telemetry into OTLP requests, off the
// application's event loop. It drains the shared ring (woken early when the ring passes half
// full, otherwise every POLL_MS), decodes records into the shapes the stock SDK processors and
// OTLP exporters take, and exports with the same bounds as before: batch processors with
// bounded queues, a per-request timeout, a few requests in flight, drops counted in the SDK's
// self-metrics. Those self-metrics live here and ride along with the application's metrics.
// It runs at a lower scheduling priority than the application (thread-priority.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { diag } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, type ReadableLogRecord, type ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { MeterProvider, MetricReader, type PushMetricExporter, type ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { installDiagLogger } from '../diagnostics/diag-logger.js';
import { scrubbingLogExporter, scrubbingSpanExporter, scrubScopeMetrics } from '../scrub/exporters.js';
import { createScrubber } from '../scrub/scrubber.js';
import { watchCollectorReachability } from './collector-reachability.js';
import { reportExportFailures } from './export-failures.js';
import { loadOtlpExporters } from './otlp-exporters.js';
import { decodeLogRecord } from './log-records.js';
import { decodePinoLine } from './pino-lines.js';
import { type FromWorker, RecordKind, Slot, SLOT_COUNT, type ToWorker, type WorkerInput } from './protocol.js';
import { RingReader } from './ring.js';
import { ScopeInterner } from './scopes.js';
import { decodeSpan } from './span-records.js';
import { lowerThisThreadsPriority } from './thread-priority.js';

/** How often the ring is drained when nobody wakes the worker; batches leave every second anyway. */
const POLL_MS = 50;

class OwnMetricsReader extends MetricReader {
  protected override onForceFlush = async () => {};
  protected override onShutdown = async () => {};
}

const port = parentPort!;
const input = workerData as WorkerInput;
const send = (message: FromWorker) => port.postMessage(message);

// A failed export is diagnosed and counted, never allowed to end the worker.
process.on('unhandledRejection', (reason) => diag.warn(`export worker: ${(reason as Error)?.message ?? String(reason)}`));

start().catch((error: Error) => {
  send({ type: 'failed', message: error?.message ?? String(error) });
  process.exit(1);
});

async function start(): Promise<void> {
  const { config } = input;
  installDiagLogger(config.logLevel);
  const reportExportFailure = reportExportFailures(config.exportTimeoutMs);
  const nice = lowerThisThreadsPriority();
  diag.debug(nice === undefined ? 'export worker: runs at the application\'s priority (no per-thread priority here)' : `export worker: runs at nice ${nice}, below the application`);
  const early: ToWorker[] = [];
  const onEarlyMessage = (message: ToWorker) => void early.push(message);
  port.on('message', onEarlyMessage);

  const resource = resourceFromAttributes(input.resourceAttributes as Parameters<typeof resourceFromAttributes>[0]);
  const scrubber = createScrubber(config.scrubKeys);
  const ownMetricsReader = new OwnMetricsReader();
  const ownMeters = new MeterProvider({ resource, readers: [ownMetricsReader] });
  const otlp = await loadOtlpExporters(config);

  const spans = config.traces.exporter === 'otlp'
    ? new BatchSpanProcessor({
        exporter: scrubbingSpanExporter(otlp.createSpanExporter(ownMeters), scrubber),
        maxQueueSize: config.maxQueueSize,
        scheduledDelayMillis: config.batchDelayMs,
        exportTimeoutMillis: config.exportTimeoutMs,
        selfObsMeterProvider: ownMeters,
      })
    : undefined;
  const logs = config.logs.exporter === 'otlp'
    ? new BatchLogRecordProcessor({
        exporter: scrubbingLogExporter(otlp.createLogExporter(ownMeters), scrubber),
        maxQueueSize: config.maxQueueSize,
        scheduledDelayMillis: config.batchDelayMs,
        exportTimeoutMillis: config.exportTimeoutMs,
        selfObsMeterProvider: ownMeters,
      })
    : undefined;
  const metricExporter: PushMetricExporter | undefined = config.metrics.exporter === 'otlp' ? otlp.createMetricExporter() : undefined;

  const collector = watchCollectorReachability();
  const ringDrops = countRingDrops(ownMeters, input.instrumentationScope);
  const state = new Int32Array(input.shared, 0, SLOT_COUNT);
  const ring = new RingReader(input.shared);
  const scopes = new ScopeInterner();
  const pinoScope = scopes.get('pino');
  const emitLog = (record: ReadableLogRecord) => logs?.onEmit(record as ReadWriteLogRecord);

  const onRecord = (kind: number, text: string) => {
    try {
      if (kind === RecordKind.span) spans?.onEnd(decodeSpan(text, resource, scopes));
      else if (kind === RecordKind.pinoLine) emitLog(decodePinoLine(text, resource, pinoScope));
      else if (kind === RecordKind.log) emitLog(decodeLogRecord(text, resource, scopes));
    } catch (error) {
      diag.debug(`export worker: a record could not be decoded and is dropped: ${(error as Error).message}`);
    }
  };
  const drain = () => {
    ring.drain(onRecord);
    ringDrops.take(Atomics.exchange(state, Slot.droppedSpans, 0), Atomics.exchange(state, Slot.droppedLogs, 0));
  };

  const exporting = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    exporting.add(work);
    void work.finally(() => exporting.delete(work));
  };
  const ownScopeMetrics = async (): Promise<ScopeMetrics[]> => (await ownMetricsReader.collect()).resourceMetrics.scopeMetrics;
  const exportMetrics = async (scopeMetrics: ScopeMetrics[]) => {
    if (!metricExporter) return;
    const merged = { resource, scopeMetrics: [...scrubScopeMetrics(scopeMetrics, scrubber), ...(await ownScopeMetrics())] };
    await new Promise<void>((resolve) => metricExporter.export(merged, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) reportExportFailure(result.error);
      resolve();
    }));
  };
  const flush = async (sequence: number) => {
    drain();
    const exported = Promise.allSettled([spans?.forceFlush(), logs?.forceFlush(), ...exporting]);
    // Retries cannot reach a collector that refuses connections: stop waiting for them.
    const gaveUp = collector.untilUnreachable();
    await Promise.race([exported, gaveUp.promise]);
    gaveUp.cancel();
    // Flushes may finish out of order: the slot only moves forward.
    if (sequence - Atomics.load(state, Slot.flushed) > 0) Atomics.store(state, Slot.flushed, sequence);
    Atomics.notify(state, Slot.flushed);
    send({ type: 'flushed', sequence });
  };
  const handle = (message: ToWorker) => {
    if (message.type === 'flush') void flush(message.sequence);
    else if (message.type === 'metrics') track(exportMetrics(message.scopeMetrics).catch(() => {}));
    else if (message.type === 'collect-own-metrics') {
      ownScopeMetrics().then(
        (scopeMetrics) => send({ type: 'own-metrics', id: message.id, scopeMetrics }),
        () => send({ type: 'own-metrics', id: message.id, scopeMetrics: [] }),
      );
    }
  };

  port.off('message', onEarlyMessage);
  port.on('message', handle);
  for (const message of early) handle(message);
  void pump(state, drain);
}

/** Drains, then sleeps until woken or POLL_MS pass; for the worker's whole life. */
async function pump(state: Int32Array, drain: () => void): Promise<void> {
  for (;;) {
    const wake = Atomics.load(state, Slot.wake);
    drain();
    const waiting = Atomics.waitAsync(state, Slot.wake, wake, POLL_MS);
    if (waiting.async) await waiting.value;
  }
}

/**
 * Records the ring refused (the worker fell behind) count as dropped by the queue that was
 * full, in the same series the batch processors use, under a component name of their own.
 */
function countRingDrops(meters: MeterProvider, scope: { name: string; version: string }) {
  const meter = meters.getMeter(scope.name, scope.version);
  const spans = meter.createCounter('otel.sdk.processor.span.processed', {
    unit: '{span}',
    description: 'The number of spans for which the processing has finished, either successful or failed.',
  });
  const logs = meter.createCounter('otel.sdk.processor.log.processed', {
    unit: '{log_record}',
    description: 'The number of log records for which the processing has finished, either successful or failed.',
  });
  const attributes = (type: string) => ({ 'otel.component.type': type, 'otel.component.name': 'export_ring/0', 'error.type': 'queue_full' });
  const spanAttributes = attributes('batching_span_processor');
  const logAttributes = attributes('batching_log_processor');
  return {
    take(droppedSpans: number, droppedLogs: number) {
      if (droppedSpans > 0) spans.add(droppedSpans, spanAttributes);
      if (droppedLogs > 0) logs.add(droppedLogs, logAttributes);
    },
  };
}
