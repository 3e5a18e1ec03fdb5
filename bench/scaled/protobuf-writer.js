// The few protobuf wire-format writers the capacity benchmark needs to build OTLP requests
// once, as templates. Every piece is { buffer, marks }: marks are byte offsets of fields the
// sender overwrites on each send (trace and span ids), carried through nesting so that a
// finished request knows where in its bytes each id sits. Building is slow and done once;
// sending is a copy and a few patches, so the load generator stays cheap next to the
// collectors it measures on the same two cores.

const WIRE = { VARINT: 0, I64: 1, LEN: 2 };

function varint(value) {
  const bytes = [];
  let rest = BigInt(value);
  do {
    let byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0n);
  return Buffer.from(bytes);
}

const key = (field, wire) => varint((field << 3) | wire);
const piece = (buffer, marks = []) => ({ buffer, marks });

/** Pieces one after another, their marks moved to where each piece lands. */
export function concat(pieces) {
  const marks = [];
  let offset = 0;
  for (const { buffer, marks: own } of pieces) {
    for (const mark of own) marks.push({ ...mark, offset: mark.offset + offset });
    offset += buffer.length;
  }
  return piece(Buffer.concat(pieces.map((p) => p.buffer)), marks);
}

/** An embedded message (or a whole request, with `field` null: no key, no length). */
export function message(field, children) {
  const body = concat(children.filter(Boolean));
  if (field === null) return body;
  const head = Buffer.concat([key(field, WIRE.LEN), varint(body.buffer.length)]);
  return piece(Buffer.concat([head, body.buffer]), body.marks.map((mark) => ({ ...mark, offset: mark.offset + head.length })));
}

export const string = (field, text) => {
  const bytes = Buffer.from(text, 'utf8');
  return piece(Buffer.concat([key(field, WIRE.LEN), varint(bytes.length), bytes]));
};

/** A bytes field of `length` zeros, marked with `mark` so the sender can fill it per send. */
export const markedBytes = (field, length, mark) => {
  const head = Buffer.concat([key(field, WIRE.LEN), varint(length)]);
  return piece(Buffer.concat([head, Buffer.alloc(length)]), [{ ...mark, offset: head.length, length }]);
};

export const uint = (field, value) => piece(Buffer.concat([key(field, WIRE.VARINT), varint(value)]));

export const fixed64 = (field, value) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt(value));
  return piece(Buffer.concat([key(field, WIRE.I64), bytes]));
};

export const double = (field, value) => {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(value);
  return piece(Buffer.concat([key(field, WIRE.I64), bytes]));
};
