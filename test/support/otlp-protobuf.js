// Decodes OTLP protobuf export requests into the OTLP/JSON shape, so tests treat both
// encodings alike: ids as lowercase hex, 64-bit integers as decimal strings, doubles as
// numbers, enums as numbers, AnyValue bytes as base64. A schema table (message -> field
// number -> name and type, checked against opentelemetry-proto) drives one generic
// wire-format reader. Unknown fields are skipped, as protobuf requires, so newer senders
// (entity refs, profiles' string indexes) still decode; fields left at their proto3 default
// are absent, exactly as they are absent from the wire.

const WIRE = { VARINT: 0, I64: 1, LEN: 2, I32: 5 };

// Scalar types, with the wire type each arrives in and how it maps to OTLP/JSON:
//   string; bytes (ids: lowercase hex); bytes64 (AnyValue bytes: base64);
//   bool; uint32 and enum (numbers); sint32 (zigzag number);
//   int64 and uint64 (varints as decimal strings); fixed64 and sfixed64 (decimal strings);
//   fixed32 (number); double (number).
// Anything else in `type` names a message in SCHEMA.
const SCALAR_WIRE = {
  string: WIRE.LEN, bytes: WIRE.LEN, bytes64: WIRE.LEN,
  bool: WIRE.VARINT, uint32: WIRE.VARINT, enum: WIRE.VARINT, sint32: WIRE.VARINT, int64: WIRE.VARINT, uint64: WIRE.VARINT,
  fixed64: WIRE.I64, sfixed64: WIRE.I64, double: WIRE.I64, fixed32: WIRE.I32,
};

const f = (name, type, repeated = false) => ({ name, type, repeated });

const SCHEMA = {
  // common/v1/common.proto, resource/v1/resource.proto
  AnyValue: { 1: f('stringValue', 'string'), 2: f('boolValue', 'bool'), 3: f('intValue', 'int64'), 4: f('doubleValue', 'double'), 5: f('arrayValue', 'ArrayValue'), 6: f('kvlistValue', 'KeyValueList'), 7: f('bytesValue', 'bytes64') },
  ArrayValue: { 1: f('values', 'AnyValue', true) },
  KeyValueList: { 1: f('values', 'KeyValue', true) },
  KeyValue: { 1: f('key', 'string'), 2: f('value', 'AnyValue') },
  InstrumentationScope: { 1: f('name', 'string'), 2: f('version', 'string'), 3: f('attributes', 'KeyValue', true), 4: f('droppedAttributesCount', 'uint32') },
  Resource: { 1: f('attributes', 'KeyValue', true), 2: f('droppedAttributesCount', 'uint32') },

  // collector/trace/v1/trace_service.proto, trace/v1/trace.proto
  ExportTraceServiceRequest: { 1: f('resourceSpans', 'ResourceSpans', true) },
  ResourceSpans: { 1: f('resource', 'Resource'), 2: f('scopeSpans', 'ScopeSpans', true), 3: f('schemaUrl', 'string') },
  ScopeSpans: { 1: f('scope', 'InstrumentationScope'), 2: f('spans', 'Span', true), 3: f('schemaUrl', 'string') },
  Span: {
    1: f('traceId', 'bytes'), 2: f('spanId', 'bytes'), 3: f('traceState', 'string'), 4: f('parentSpanId', 'bytes'), 16: f('flags', 'fixed32'),
    5: f('name', 'string'), 6: f('kind', 'enum'), 7: f('startTimeUnixNano', 'fixed64'), 8: f('endTimeUnixNano', 'fixed64'),
    9: f('attributes', 'KeyValue', true), 10: f('droppedAttributesCount', 'uint32'), 11: f('events', 'SpanEvent', true),
    12: f('droppedEventsCount', 'uint32'), 13: f('links', 'SpanLink', true), 14: f('droppedLinksCount', 'uint32'), 15: f('status', 'Status'),
  },
  SpanEvent: { 1: f('timeUnixNano', 'fixed64'), 2: f('name', 'string'), 3: f('attributes', 'KeyValue', true), 4: f('droppedAttributesCount', 'uint32') },
  SpanLink: { 1: f('traceId', 'bytes'), 2: f('spanId', 'bytes'), 3: f('traceState', 'string'), 4: f('attributes', 'KeyValue', true), 5: f('droppedAttributesCount', 'uint32'), 6: f('flags', 'fixed32') },
  Status: { 2: f('message', 'string'), 3: f('code', 'enum') },

  // collector/metrics/v1/metrics_service.proto, metrics/v1/metrics.proto
  ExportMetricsServiceRequest: { 1: f('resourceMetrics', 'ResourceMetrics', true) },
  ResourceMetrics: { 1: f('resource', 'Resource'), 2: f('scopeMetrics', 'ScopeMetrics', true), 3: f('schemaUrl', 'string') },
  ScopeMetrics: { 1: f('scope', 'InstrumentationScope'), 2: f('metrics', 'Metric', true), 3: f('schemaUrl', 'string') },
  Metric: {
    1: f('name', 'string'), 2: f('description', 'string'), 3: f('unit', 'string'), 12: f('metadata', 'KeyValue', true),
    5: f('gauge', 'Gauge'), 7: f('sum', 'Sum'), 9: f('histogram', 'Histogram'), 10: f('exponentialHistogram', 'ExponentialHistogram'), 11: f('summary', 'Summary'),
  },
  Gauge: { 1: f('dataPoints', 'NumberDataPoint', true) },
  Sum: { 1: f('dataPoints', 'NumberDataPoint', true), 2: f('aggregationTemporality', 'enum'), 3: f('isMonotonic', 'bool') },
  Histogram: { 1: f('dataPoints', 'HistogramDataPoint', true), 2: f('aggregationTemporality', 'enum') },
  ExponentialHistogram: { 1: f('dataPoints', 'ExponentialHistogramDataPoint', true), 2: f('aggregationTemporality', 'enum') },
  Summary: { 1: f('dataPoints', 'SummaryDataPoint', true) },
  NumberDataPoint: {
    7: f('attributes', 'KeyValue', true), 2: f('startTimeUnixNano', 'fixed64'), 3: f('timeUnixNano', 'fixed64'),
    4: f('asDouble', 'double'), 6: f('asInt', 'sfixed64'), 5: f('exemplars', 'Exemplar', true), 8: f('flags', 'uint32'),
  },
  HistogramDataPoint: {
    9: f('attributes', 'KeyValue', true), 2: f('startTimeUnixNano', 'fixed64'), 3: f('timeUnixNano', 'fixed64'), 4: f('count', 'fixed64'), 5: f('sum', 'double'),
    6: f('bucketCounts', 'fixed64', true), 7: f('explicitBounds', 'double', true), 8: f('exemplars', 'Exemplar', true), 10: f('flags', 'uint32'),
    11: f('min', 'double'), 12: f('max', 'double'),
  },
  ExponentialHistogramDataPoint: {
    1: f('attributes', 'KeyValue', true), 2: f('startTimeUnixNano', 'fixed64'), 3: f('timeUnixNano', 'fixed64'), 4: f('count', 'fixed64'), 5: f('sum', 'double'),
    6: f('scale', 'sint32'), 7: f('zeroCount', 'fixed64'), 8: f('positive', 'Buckets'), 9: f('negative', 'Buckets'), 10: f('flags', 'uint32'),
    11: f('exemplars', 'Exemplar', true), 12: f('min', 'double'), 13: f('max', 'double'), 14: f('zeroThreshold', 'double'),
  },
  Buckets: { 1: f('offset', 'sint32'), 2: f('bucketCounts', 'uint64', true) },
  SummaryDataPoint: {
    7: f('attributes', 'KeyValue', true), 2: f('startTimeUnixNano', 'fixed64'), 3: f('timeUnixNano', 'fixed64'), 4: f('count', 'fixed64'), 5: f('sum', 'double'),
    6: f('quantileValues', 'ValueAtQuantile', true), 8: f('flags', 'uint32'),
  },
  ValueAtQuantile: { 1: f('quantile', 'double'), 2: f('value', 'double') },
  Exemplar: { 7: f('filteredAttributes', 'KeyValue', true), 2: f('timeUnixNano', 'fixed64'), 3: f('asDouble', 'double'), 6: f('asInt', 'sfixed64'), 4: f('spanId', 'bytes'), 5: f('traceId', 'bytes') },

  // collector/logs/v1/logs_service.proto, logs/v1/logs.proto
  ExportLogsServiceRequest: { 1: f('resourceLogs', 'ResourceLogs', true) },
  ResourceLogs: { 1: f('resource', 'Resource'), 2: f('scopeLogs', 'ScopeLogs', true), 3: f('schemaUrl', 'string') },
  ScopeLogs: { 1: f('scope', 'InstrumentationScope'), 2: f('logRecords', 'LogRecord', true), 3: f('schemaUrl', 'string') },
  LogRecord: {
    1: f('timeUnixNano', 'fixed64'), 11: f('observedTimeUnixNano', 'fixed64'), 2: f('severityNumber', 'enum'), 3: f('severityText', 'string'),
    5: f('body', 'AnyValue'), 6: f('attributes', 'KeyValue', true), 7: f('droppedAttributesCount', 'uint32'), 8: f('flags', 'fixed32'),
    9: f('traceId', 'bytes'), 10: f('spanId', 'bytes'), 12: f('eventName', 'string'),
  },
};

const ROOTS = { traces: 'ExportTraceServiceRequest', metrics: 'ExportMetricsServiceRequest', logs: 'ExportLogsServiceRequest' };

export const decodeTraces = (buffer) => decodeMessage(ROOTS.traces, toBuffer(buffer));
export const decodeMetrics = (buffer) => decodeMessage(ROOTS.metrics, toBuffer(buffer));
export const decodeLogs = (buffer) => decodeMessage(ROOTS.logs, toBuffer(buffer));
export function decode(kind, buffer) {
  if (!Object.hasOwn(ROOTS, kind)) throw new TypeError(`unknown OTLP signal "${kind}"; expected traces, metrics or logs`);
  return decodeMessage(ROOTS[kind], toBuffer(buffer));
}

// Accepts a Buffer, a Uint8Array (what the SDK serializers return) or an ArrayBuffer, without copying.
function toBuffer(data) {
  if (Buffer.isBuffer(data)) return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  throw new TypeError('expected protobuf bytes (Buffer, Uint8Array or ArrayBuffer)');
}

function decodeMessage(type, buffer) {
  const schema = SCHEMA[type];
  const reader = new Reader(buffer);
  const message = {};
  while (!reader.done()) {
    const tag = reader.varint();
    const number = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    const field = Object.hasOwn(schema, number) ? schema[number] : undefined;
    if (!field) {
      reader.skip(wire);
      continue;
    }
    const isMessage = Object.hasOwn(SCHEMA, field.type);
    const expected = isMessage ? WIRE.LEN : SCALAR_WIRE[field.type];
    // Repeated numeric fields are packed by default in proto3 (one length-delimited run of
    // values, e.g. bucket_counts and explicit_bounds), but parsers must accept the unpacked
    // form too, so both are read here.
    if (field.repeated && wire === WIRE.LEN && expected !== WIRE.LEN) {
      const packed = new Reader(reader.bytes());
      const values = (message[field.name] ??= []);
      while (!packed.done()) values.push(readScalar(packed, field.type));
      continue;
    }
    // A different wire type means the schema here and the sender disagree; reading on would
    // produce garbage, so fail loudly instead.
    if (wire !== expected) throw new TypeError(`${type}.${field.name} (field ${number}): wire type ${wire}, expected ${expected}`);
    const value = isMessage ? decodeMessage(field.type, reader.bytes()) : readScalar(reader, field.type);
    if (field.repeated) (message[field.name] ??= []).push(value);
    else message[field.name] = value; // a repeated singular field: the last one wins
  }
  return message;
}

function readScalar(reader, type) {
  switch (type) {
    case 'string': return reader.bytes().toString('utf8');
    case 'bytes': return reader.bytes().toString('hex');
    case 'bytes64': return reader.bytes().toString('base64');
    case 'bool': return reader.varint() !== 0n;
    case 'uint32': return Number(BigInt.asUintN(32, reader.varint()));
    // Enums are int32 on the wire: negative values arrive as 10-byte two's-complement varints.
    case 'enum': return Number(BigInt.asIntN(32, reader.varint()));
    case 'sint32': { const raw = reader.varint(); return Number((raw >> 1n) ^ -(raw & 1n)); }
    // 64-bit integers become decimal strings, as the proto3 JSON mapping writes them, since
    // a JavaScript number cannot hold every 64-bit value (nanosecond times included).
    case 'int64': return BigInt.asIntN(64, reader.varint()).toString();
    case 'uint64': return BigInt.asUintN(64, reader.varint()).toString();
    case 'fixed64': return reader.fixed(8).readBigUInt64LE().toString();
    case 'sfixed64': return reader.fixed(8).readBigInt64LE().toString();
    case 'fixed32': return reader.fixed(4).readUInt32LE();
    case 'double': return reader.fixed(8).readDoubleLE();
    default: throw new TypeError(`no scalar type "${type}"`);
  }
}

class Reader {
  constructor(buffer) {
    this.buffer = buffer;
    this.offset = 0;
  }
  done() {
    return this.offset >= this.buffer.length;
  }
  // BigInt keeps all 64 bits; a plain number would lose precision above 2^53.
  varint() {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.offset >= this.buffer.length) throw new RangeError('truncated varint');
      const byte = this.buffer[this.offset++];
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
    throw new RangeError('varint longer than 10 bytes');
  }
  fixed(size) {
    const slice = this.buffer.subarray(this.offset, this.offset + size);
    if (slice.length !== size) throw new RangeError('truncated field');
    this.offset += size;
    return slice;
  }
  bytes() {
    return this.fixed(Number(this.varint()));
  }
  skip(wire) {
    if (wire === WIRE.VARINT) this.varint();
    else if (wire === WIRE.I64) this.fixed(8);
    else if (wire === WIRE.LEN) this.bytes();
    else if (wire === WIRE.I32) this.fixed(4);
    else throw new RangeError(`unsupported wire type ${wire}`); // 3 and 4 (groups) are not used by OTLP
  }
}
