// The application's side of the export worker. The event loop only records: finished spans,
// log records and pino lines go into the shared ring (ring.ts), metric collections go as one
// message per export interval. Encoding OTLP, batching, retrying and sending happen in the
// worker (worker.ts), the way pino transports keep log processing off the main thread.
//
// Flushing comes in two forms: `flush()` waits asynchronously, and `flushSync()` blocks the
// thread on the shared state with a deadline. The synchronous one is what lets shutdown flush
// first and then step aside inside a signal listener or an 'exit' handler, where no promise
// would ever settle. If the worker cannot start or dies, the channel drops everything, waits
// for nothing, and says so once.
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Resource } from '@opentelemetry/resources';
import type { Config } from '../config/types.js';
import { encodeLogRecord } from './log-records.js';
import { type FromWorker, RecordKind, RING_BYTES, Slot, SLOT_COUNT, type ToWorker, type WorkerInput } from './protocol.js';
import { createSharedRing, RingWriter } from './ring.js';
import { encodeSpan } from './span-records.js';

/** A scrape waits this long for the worker's own metrics, then goes without them. */
const OWN_METRICS_TIMEOUT_MS = 1_000;
/**
 * The worker's heap, capped so that a runaway (a huge backlog) ends the worker, not the host.
 * Its young generation is small on purpose: what the worker allocates (parsed lines, encoded
 * requests) dies within one drain, so 4 MB costs a few more cheap scavenges and spares the
 * app resident memory.
 */
const WORKER_LIMITS = Object.freeze({ maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 4 });
/**
 * Variables the configuration has already read, warned about and settled (the worker gets the
 * URLs, the timeout and the compression it settled on): the stock exporters in the worker
 * would read them again and, for a bad value, print a second warning that contradicts the
 * first (per-signal timeouts are reported as not read, see config/parse.ts). The rest of the
 * environment (OTLP headers, certificates, per-signal compression) is theirs to read.
 */
const SETTLED_VARIABLES = [
  'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
  'OTEL_EXPORTER_OTLP_COMPRESSION', 'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', 'OTEL_EXPORTER_OTLP_LOGS_TIMEOUT',
];

export interface ExportChannel {
  /** False once the worker failed: what is handed over is dropped and nothing waits. */
  readonly alive: boolean;
  writeSpan(span: ReadableSpan): void;
  writeLogRecord(record: ReadableLogRecord): void;
  /** A pino line as pino wrote it, behind its header (pino-lines.ts). */
  writePinoLine(header: string, line: string): void;
  sendMetrics(scopeMetrics: ScopeMetrics[]): void;
  /** The worker's self-observability metrics (queue sizes, drops, exports), for a pull endpoint. */
  ownMetrics(): Promise<ScopeMetrics[]>;
  /** Resolves once everything handed over so far is exported (or failed); never rejects. */
  flush(): Promise<void>;
  /** Blocks until everything handed over so far is exported, at most `timeoutMs`; true if it was. */
  flushSync(timeoutMs: number): boolean;
}

export interface ExportChannelOptions {
  readonly config: Config;
  /** Settled: the worker must never wait for attributes the blocked application thread would send. */
  readonly resource: Resource;
  readonly instrumentationScope: { readonly name: string; readonly version: string };
  /** Reports the worker's failure, once. */
  readonly warn: (message: string) => void;
}

export function startExportChannel({ config, resource, instrumentationScope, warn }: ExportChannelOptions): ExportChannel {
  const shared = createSharedRing(RING_BYTES);
  const state = new Int32Array(shared, 0, SLOT_COUNT);
  const ring = new RingWriter(shared);
  const input: WorkerInput = { config, shared, resourceAttributes: resource.attributes, instrumentationScope };

  let alive = true;
  let sequence = 0;
  const flushWaiters = new Map<number, () => void>();
  const ownMetricsWaiters = new Map<number, (scopeMetrics: ScopeMetrics[]) => void>();

  const fail = (message: string) => {
    if (!alive) return;
    alive = false;
    for (const resolve of flushWaiters.values()) resolve();
    flushWaiters.clear();
    for (const resolve of ownMetricsWaiters.values()) resolve([]);
    ownMetricsWaiters.clear();
    warn(`${message}; telemetry export is off, the application runs on`);
  };

  let worker: Worker;
  try {
    worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: input,
      name: 'obs-export',
      // The preload must not run again inside its own worker.
      execArgv: [],
      stdin: false,
      resourceLimits: WORKER_LIMITS,
      env: workerEnvironment(),
    });
  } catch (error) {
    fail(`the export worker could not start (${(error as Error).message})`);
    return deadChannel();
  }
  worker.on('error', (error) => fail(`the export worker failed (${error.message})`));
  worker.on('exit', (code) => fail(`the export worker exited (code ${code})`));
  worker.on('message', (message: FromWorker) => {
    if (message.type === 'flushed') {
      for (const [waiting, resolve] of flushWaiters) {
        if (waiting <= message.sequence) {
          flushWaiters.delete(waiting);
          resolve();
        }
      }
    } else if (message.type === 'own-metrics') {
      ownMetricsWaiters.get(message.id)?.(message.scopeMetrics);
      ownMetricsWaiters.delete(message.id);
    } else if (message.type === 'failed') {
      fail(`the export worker could not start (${message.message})`);
    }
  });
  // The worker never keeps the application alive; shutdown waits for it explicitly. After the
  // listeners: attaching a 'message' listener refs the port again.
  worker.unref();

  function post(message: ToWorker): boolean {
    if (!alive) return false;
    try {
      worker.postMessage(message);
      return true;
    } catch {
      // A value that cannot be cloned: that one message is lost, nothing else.
      return false;
    }
  }

  function write(kind: RecordKind, droppedSlot: number, head: string, body?: string): void {
    if (!ring.write(kind, head, body)) {
      Atomics.add(state, droppedSlot, 1);
      return;
    }
    if (ring.pastHalf()) {
      Atomics.add(state, Slot.wake, 1);
      Atomics.notify(state, Slot.wake);
    }
  }

  return {
    get alive() {
      return alive;
    },
    writeSpan(span) {
      if (!alive) return;
      let text: string;
      try {
        text = encodeSpan(span);
      } catch {
        Atomics.add(state, Slot.droppedSpans, 1); // e.g. a BigInt attribute JSON cannot hold
        return;
      }
      write(RecordKind.span, Slot.droppedSpans, text);
    },
    writeLogRecord(record) {
      if (!alive) return;
      let text: string;
      try {
        text = encodeLogRecord(record);
      } catch {
        Atomics.add(state, Slot.droppedLogs, 1);
        return;
      }
      write(RecordKind.log, Slot.droppedLogs, text);
    },
    writePinoLine(header, line) {
      if (alive) write(RecordKind.pinoLine, Slot.droppedLogs, header, line);
    },
    sendMetrics(scopeMetrics) {
      post({ type: 'metrics', scopeMetrics });
    },
    ownMetrics() {
      const id = ++sequence;
      if (!post({ type: 'collect-own-metrics', id })) return Promise.resolve([]);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          ownMetricsWaiters.delete(id);
          resolve([]);
        }, OWN_METRICS_TIMEOUT_MS);
        ownMetricsWaiters.set(id, (scopeMetrics) => {
          clearTimeout(timer);
          resolve(scopeMetrics);
        });
      });
    },
    flush() {
      const flushSequence = ++sequence;
      if (!post({ type: 'flush', sequence: flushSequence })) return Promise.resolve();
      return new Promise((resolve) => flushWaiters.set(flushSequence, resolve));
    },
    flushSync(timeoutMs) {
      const flushSequence = ++sequence;
      if (!post({ type: 'flush', sequence: flushSequence })) return false;
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const done = Atomics.load(state, Slot.flushed);
        if (done - flushSequence >= 0) return true;
        const remaining = deadline - performance.now();
        if (remaining <= 0) return false;
        Atomics.wait(state, Slot.flushed, done, remaining);
      }
    },
  };
}

function workerEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of SETTLED_VARIABLES) delete env[name];
  return env;
}

function deadChannel(): ExportChannel {
  return {
    alive: false,
    writeSpan() {},
    writeLogRecord() {},
    writePinoLine() {},
    sendMetrics() {},
    ownMetrics: async () => [],
    flush: async () => {},
    flushSync: () => false,
  };
}
