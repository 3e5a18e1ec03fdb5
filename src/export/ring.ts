// A single-producer, single-consumer ring of byte records over a SharedArrayBuffer: the
// application's thread writes, the export worker reads. Writing is a bounds check, one UTF-8
// encode into shared memory and one atomic store, with no allocation and no message; a full
// ring drops the record and counts it, so a stalled worker never costs the application more
// than the ring's fixed size.
//
// Positions are byte counters that wrap at 2^32; with a power-of-two capacity, `counter &
// mask` is the offset. A record is [u32 payload length][u8 kind][payload]. When a record does
// not fit before the end, the rest of the end is skipped: marked by a length of 0xFFFFFFFF,
// or implicitly when fewer than a header's bytes remain.
import { Buffer } from 'node:buffer';
import { HEADER_BYTES, Slot } from './protocol.js';

const RECORD_HEADER = 5;
const SKIP = 0xffffffff;

export function createSharedRing(capacity: number): SharedArrayBuffer {
  if (!Number.isInteger(capacity) || capacity < 1024 || (capacity & (capacity - 1)) !== 0) {
    throw new RangeError(`ring capacity must be a power of two of at least 1024 bytes, got ${capacity}`);
  }
  return new SharedArrayBuffer(HEADER_BYTES + capacity);
}

abstract class RingView {
  protected readonly state: Int32Array;
  protected readonly data: Buffer;
  protected readonly capacity: number;
  protected readonly mask: number;

  constructor(shared: SharedArrayBuffer) {
    this.state = new Int32Array(shared, 0, HEADER_BYTES / Int32Array.BYTES_PER_ELEMENT);
    this.capacity = shared.byteLength - HEADER_BYTES;
    this.mask = this.capacity - 1;
    this.data = Buffer.from(shared, HEADER_BYTES, this.capacity);
  }

  /** Bytes written and not yet read. */
  used(): number {
    return (Atomics.load(this.state, Slot.written) - Atomics.load(this.state, Slot.read)) >>> 0;
  }
}

export class RingWriter extends RingView {
  /** Records larger than this are refused outright: one must never hog the ring. */
  readonly maxRecordBytes = this.capacity / 4;
  private written = Atomics.load(this.state, Slot.written);

  /**
   * Appends one record whose payload is `head` followed by `body`; false when it does not fit
   * (the caller counts the drop). Both are encoded as UTF-8 straight into shared memory, so a
   * record made of a small header and a long line costs no concatenated copy of the line.
   */
  write(kind: number, head: string, body = ''): boolean {
    const used = (this.written - Atomics.load(this.state, Slot.read)) >>> 0;
    let offset = this.written & this.mask;
    const tail = this.capacity - offset;
    // UTF-8 needs at most 3 bytes per UTF-16 unit: check against that bound first, and
    // measure exactly only when the bound does not fit.
    let size = RECORD_HEADER + (head.length + body.length) * 3;
    if (size > tail || used + size > this.capacity || size > this.maxRecordBytes) {
      size = RECORD_HEADER + Buffer.byteLength(head, 'utf8') + Buffer.byteLength(body, 'utf8');
      if (size > this.maxRecordBytes) return false;
      const skipped = size > tail ? tail : 0;
      if (used + skipped + size > this.capacity) return false;
      if (skipped > 0) {
        if (tail >= 4) this.data.writeUInt32LE(SKIP, offset);
        offset = 0;
        this.written = (this.written + skipped) | 0;
      }
    }
    const start = offset + RECORD_HEADER;
    const headLength = this.data.write(head, start, 'utf8');
    const length = headLength + (body === '' ? 0 : this.data.write(body, start + headLength, 'utf8'));
    this.data.writeUInt32LE(length, offset);
    this.data[offset + 4] = kind;
    this.written = (this.written + RECORD_HEADER + length) | 0;
    // The store publishes the bytes above to the reader (Atomics are sequentially consistent).
    Atomics.store(this.state, Slot.written, this.written);
    return true;
  }

  /** True once more than half the ring waits: time to wake the worker instead of letting it poll. */
  pastHalf(): boolean {
    return this.used() > this.capacity >>> 1;
  }
}

export class RingReader extends RingView {
  private read = Atomics.load(this.state, Slot.read);

  /** Calls `onRecord` for every record written so far, then frees their space; returns how many. */
  drain(onRecord: (kind: number, text: string) => void): number {
    const end = Atomics.load(this.state, Slot.written);
    let count = 0;
    while (this.read !== end) {
      const offset = this.read & this.mask;
      const tail = this.capacity - offset;
      const length = tail < RECORD_HEADER ? SKIP : this.data.readUInt32LE(offset);
      if (length === SKIP) {
        this.read = (this.read + tail) | 0;
        continue;
      }
      const start = offset + RECORD_HEADER;
      const kind = this.data[offset + 4]!;
      const text = this.data.toString('utf8', start, start + length);
      this.read = (this.read + RECORD_HEADER + length) | 0;
      count++;
      onRecord(kind, text);
    }
    Atomics.store(this.state, Slot.read, this.read);
    return count;
  }
}
