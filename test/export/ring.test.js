// The shared ring between the application's thread and the export worker: records come out
// in order and intact across the wrap-around, a full ring refuses records (the caller counts
// them) instead of growing, and what the reader has taken frees room again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSharedRing, RingReader, RingWriter } from '../../dist/export/ring.js';

const drainAll = (reader) => {
  const records = [];
  reader.drain((kind, text) => records.push([kind, text]));
  return records;
};

test('records come out in order, with their kind, across many wrap-arounds', () => {
  const shared = createSharedRing(1024);
  const writer = new RingWriter(shared);
  const reader = new RingReader(shared);
  const seen = [];
  for (let index = 0; index < 2000; index++) {
    const text = `record ${index} ${'é'.repeat(index % 37)}`;
    assert.equal(writer.write(1 + (index % 3), text), true);
    if (index % 5 === 4) seen.push(...drainAll(reader));
  }
  seen.push(...drainAll(reader));
  assert.equal(seen.length, 2000);
  seen.forEach(([kind, text], index) => {
    assert.equal(kind, 1 + (index % 3));
    assert.equal(text, `record ${index} ${'é'.repeat(index % 37)}`);
  });
  assert.equal(writer.used(), 0);
});

test('a record written in two parts reads back as one, without the caller concatenating', () => {
  const shared = createSharedRing(1024);
  const writer = new RingWriter(shared);
  assert.equal(writer.write(3, 'head\t', '{"msg":"ünïcode line"}\n'), true);
  assert.deepEqual(drainAll(new RingReader(shared)), [[3, 'head\t{"msg":"ünïcode line"}\n']]);
});

test('a full ring refuses records instead of growing, and takes them again once read', () => {
  const shared = createSharedRing(1024);
  const writer = new RingWriter(shared);
  const reader = new RingReader(shared);
  let accepted = 0;
  while (writer.write(1, 'x'.repeat(100))) accepted++;
  assert.ok(accepted >= 8 && accepted <= 10, `${accepted} records of 105 bytes in 1024`);
  assert.equal(writer.write(1, 'x'.repeat(100)), false, 'still full');
  assert.equal(drainAll(reader).length, accepted);
  assert.equal(writer.write(1, 'y'.repeat(100)), true);
  assert.deepEqual(drainAll(reader), [[1, 'y'.repeat(100)]]);
});

test('one record larger than a quarter of the ring is refused outright', () => {
  const shared = createSharedRing(1024);
  const writer = new RingWriter(shared);
  assert.equal(writer.write(1, 'z'.repeat(300)), false);
  assert.equal(writer.write(1, 'z'.repeat(200)), true);
});

test('the capacity must be a power of two of at least 1 KiB', () => {
  assert.throws(() => createSharedRing(1000), /power of two of at least 1024 bytes, got 1000/);
  assert.throws(() => createSharedRing(512), /got 512/);
});
