// What the application's thread and the export worker agree on: the layout of the shared
// state, the kinds of record in the ring, and the messages on the worker's port. Kept in one
// small module so neither side can drift from the other.
import type { ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { Config } from '../config/types.js';

/** Int32 slots at the start of the shared buffer. */
export const Slot = Object.freeze({
  /** Bytes ever written (producer: the application's thread), modulo 2^32. */
  written: 0,
  /** Bytes ever read (consumer: the worker), modulo 2^32. */
  read: 1,
  /** Bumped to wake the worker early (ring past half full); the worker waits on it. */
  wake: 2,
  /** Sequence number of the last flush the worker finished. */
  flushed: 3,
  /** Spans dropped because the ring was full; the worker takes and counts them. */
  droppedSpans: 4,
  /** Log records dropped because the ring was full. */
  droppedLogs: 5,
});
export const SLOT_COUNT = 8;
export const HEADER_BYTES = SLOT_COUNT * Int32Array.BYTES_PER_ELEMENT;

/**
 * Ring capacity in bytes: a power of two, fixed, so a stalled worker costs at most this much.
 * Every page of it is touched as the ring wraps, so it counts in full in the app's resident
 * memory. 2 MiB holds some 8,000 typical log lines: the worker, woken at half, drains a burst
 * long before that on a second core; a larger ring only bought memory the app paid for.
 */
export const RING_BYTES = 2 * 1024 * 1024;

export const RecordKind = Object.freeze({
  span: 1,
  log: 2,
  /** A line exactly as pino wrote it, behind a short header (see pino-lines.ts). */
  pinoLine: 3,
});
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export interface WorkerInput {
  readonly config: Config;
  readonly shared: SharedArrayBuffer;
  /** Resource attributes detected by the application's thread, settled. */
  readonly resourceAttributes: Readonly<Record<string, unknown>>;
  readonly instrumentationScope: { readonly name: string; readonly version: string };
}

/** Messages to the worker. */
export type ToWorker =
  | { readonly type: 'flush'; readonly sequence: number }
  | { readonly type: 'metrics'; readonly scopeMetrics: ScopeMetrics[] }
  | { readonly type: 'collect-own-metrics'; readonly id: number };

/** Messages from the worker. */
export type FromWorker =
  | { readonly type: 'flushed'; readonly sequence: number }
  | { readonly type: 'own-metrics'; readonly id: number; readonly scopeMetrics: ScopeMetrics[] }
  | { readonly type: 'failed'; readonly message: string };
