// Decodes OTLP protobuf export requests into the OTLP/JSON shape, so tests treat both
// encodings alike: ids as lowercase hex, 64-bit integers as decimal strings, enums as
// numbers. A schema table (field number -> name and type, from opentelemetry-proto) drives
// one generic wire-format reader; unknown fields are skipped, as protobuf requires.

const WIRE = { VARINT: 0, I64: 1, LEN: 2, I32: 5 };

// Types: 'string', 'bytes' (hex), 'bytes64' (base64), 'uint' (varint number), 'int64str'
// (varint as decimal string), 'fixed64' and 'sfixed64' (decimal strings), 'fixed32',
// 'double', 'bool', or a message name. `repeated: true` collects an array.
const f = (name, type, repeated = false) => ({ name, type, repeated });

const SCHEMA = {
  // common/v1/common.proto and resource/v1/resource.proto
  AnyValue: { 1: f('stringValue', 'string'), 2: f('boolValue', 'bool'), 3: f('intValue', 'int64str'), 4: f('doubleValue', 'double'), 5: f('arrayValue', 'ArrayValue'), 6: f('kvlistValue', 'KeyValueList'), 7: f('bytesValue', 'bytes64') },
  ArrayValue: { 1: f('values', 'AnyValue', true) },
  KeyValueList: { 1: f('values', 'KeyValue', true) },
  KeyValue: { 1: f('key', 'string'), 2: f('value', 'AnyValue') },
  InstrumentationScope: { 1: f('name', 'string'), 2: f('version', 'string'), 3: f('attributes', 'KeyValue', true), 4: f('droppedAttributesCount', 'uint') },
  Resource: { 1: f('attributes', 'KeyValue', true), 2: f('droppedAttributesCount', 'uint') },
  // trace/v1/trace.proto
  ExportTraceServiceRequest: { 1: f('resourceSpans', 'ResourceSpans', true) },
  ResourceSpans: { 1: f('resource', 'Resource'), 2: f('scopeSpans', 'ScopeSpans', true), 3: f('schemaUrl', 'string') },
  ScopeSpans: { 1: f('scope', 'InstrumentationScope'), 2: f('spans', 'Span', true), 3: f('schemaUrl', 'string') },
  Span: {
    1: f('traceId', 'bytes'), 2: f('spanId', 'bytes'), 3: f('traceState', 'string'), 4: f('parentSpanId', 'bytes'), 16: f('flags', 'fixed32'),
    5: f('name', 'string'), 6: f('kind', 'uint'), 7: f('startTimeUnixNano', 'fixed64'), 8: f('endTimeUnixNano', 'fixed64'),
    9: f('attributes', 'KeyValue', true), 10: f('droppedAttributesCount', 'uint'), 11: f('events', 'SpanEvent', true),
    12: f('droppedEventsCount', 'uint'), 13: f('links', 'SpanLink', true), 14: f('droppedLinksCount', 'uint'), 15: f('status', 'Status'),
  },
  SpanEvent: { 1: f('timeUnixNano', 'fixed64'), 2: f('name', 'string'), 3: f('attributes', 'KeyValue', true), 4: f('droppedAttributesCount', 'uint') },
  SpanLink: { 1: f('traceId', 'bytes'), 2: f('spanId', 'bytes'), 3: f('traceState', 'string'), 4: f('attributes', 'KeyValue', true), 5: f('droppedAttributesCount', 'uint'), 6: f('flags', 'fixed32') },
  Status: { 2: f('message', 'string'), 3: f('code', 'uint') },
  // metrics/v1/metrics.proto
  ExportMetricsServiceRequest: { 1: f('resourceMetrics', 'ResourceMetrics', true) },
  ResourceMetrics: { 1: f('resource', 'Resource'), 2: f('scopeMetrics', 'ScopeMetrics', true), 3: f('schemaUrl', 'string') },
  ScopeMetrics: { 1: f('scope', 'InstrumentationScope'), 2: f('metrics', 'Metric', true), 3: f('schemaUrl', 'string') },
  Metric: { 1: f('name', 'string'), 2: f('description', 'string'), 3: f('unit', 'string'), 5: f('gauge', 'Gauge'), 7: f('sum', 'Sum'), 9: f('histogram', 'Histogram'), 10: f('exponentialHistogram', 'ExponentialHistogram'), 11: f('summary', 'Summary'), 12: f('metadata', 'KeyValue', true) },
  Gauge: { 1: f('dataPoints', 'NumberDataPoint', true) },
  Sum: { 1: f('dataPoints', 'NumberDataPoint', true), 2: f('aggregationTemporality', 'uint'), 3: f('isMonotonic', 'bool') },
  Histogram: { 1: f('dataPoints', 'HistogramDataPoint', true), 2: f('aggregationTemporality', 'uint') },
  ExponentialHistogram: { 1: f('dataPoints', 'ExponentialHistogramDataPoint', true), 2: f('aggregationTemporality', 'uint') },
  Summary: { 1: f('dataPoints', 'SummaryDataPoint', true) },
  NumberDataPoint: { 7: f('attributes', 'KeyValue', true), 2: f('startTimeUnixNano', 'fixed64'), 3: f('timeUnixNano', 'fixed64'), 4: f('asDouble', 'double'), 6: f('asInt', 'sfixed64'), 5: f('exemplars', 'Exemplar', true), 8: f('flags', 'uint') },
  HistogramDataPoint: {
    9: f('attributes', 'KeyValue', true), 2: f('startTimeUnixNano', 'fixed64'), 3: f('timeUnixNano', 'fixed64'), 4: f('count', 'fixed64'), 5: f('sum', 'double'),
    6: f('bucketCounts', 'fixed64', true), 7: f('explicitBounds', 'double', true), 8: f('exemplars', 'Exemplar', true), 10: f('flags', 'uint'), 11: f('min', 'double'), 12: f('max', 'double'),
  },
  ExponentialHistogramDataPoint: { 1: f('attributes', 'KeyValue', true), 2: f('startTimeUnixNano', 'fixed64'), 3: f('timeUnixNano', 'fixed64'), 4: f('count', 'fixed64'), 5: f('sum', 'double'), 6: f('scale', 'sint'), 7: f('zeroCount', 'fixed64'), 10: f('flags', 'uint'), 12: f('min', 'double'), 13: f('max', 'double') },
  SummaryDataPoint: { 7: f('attributes', 'KeyValue', true), 2: f('startTimeUnixNano', 'fixed64'), 3: f('timeUnixNano', 'fixed64'), 4: f('count', 'fixed64'), 5: f('sum', 'double') },
  Exemplar: { 7: f('filteredAttributes', 'KeyValue', true), 2: f('timeUnixNano', 'fixed64'), 3: f('asDouble', 'double'), 6: f('asInt', 'sfixed64'), 4: f('spanId', 'bytes'), 5: f('traceId', 'bytes') },
  // logs/v1/logs.proto
  ExportLogsServiceRequest: { 1: f('resourceLogs', 'ResourceLogs', true) },
  ResourceLogs: { 1: f('resource', 'Resource'), 2: f('scopeLogs', 'ScopeLogs', true), 3: f('schemaUrl', 'string') },
  ScopeLogs: { 1: f('scope', 'InstrumentationScope'), 2: f('logRecords', 'LogRecord', true), 3: f('schemaUrl', 'string') },
  LogRecord: {
    1: f('timeUnixNano', 'fixed64'), 11: f('observedTimeUnixNano', 'fixed64'), 2: f('severityNumber', 'uint'), 3: f('severityText', 'string'), 5: f('body', 'AnyValue'),
    6: f('attributes', 'KeyValue', true), 7: f('droppedAttributesCount', 'uint'), 8: f('flags', 'fixed32'), 9: f('traceId', 'bytes'), 10: f('spanId', 'bytes'), 12: f('eventName', 'string'),
  },
};

const ROOTS = { traces: 'ExportTraceServiceRequest', metrics: 'ExportMetricsServiceRequest', logs: 'ExportLogsServiceRequest' };

export const decodeTraces = (buffer) => decodeMessage('ExportTraceServiceRequest', toBuffer(buffer));
export const decodeMetrics = (buffer) => decodeMessage('ExportMetricsServiceRequest', toBuffer(buffer));
export const decodeLogs = (buffer) => decodeMessage('ExportLogsServiceRequest', toBuffer(buffer));
export function decode(kind, buffer) {
  if (!ROOTS[kind]) throw new TypeError(`unknown OTLP signal "${kind}"; expected traces, metrics or logs`);
  return decodeMessage(ROOTS[kind], toBuffer(buffer));
}

const toBuffer = (data) => (Buffer.isBuffer(data) ? data : Buffer.from(data));

function decodeMessage(type, buffer) {
  const schema = SCHEMA[type];
  const reader = new Reader(buffer);
  const message = {};
  while (!reader.done()) {
    const tag = reader.varint();
    const number = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    const field = schema[number];
    if (!field) {
      reader.skip(wire);
      continue;
    }
    // Packed repeated scalars arrive as one length-delimited run of values.
    if (field.repeated && wire === WIRE.LEN && !SCHEMA[field.type] && field.type !== 'string' && field.type !== 'bytes') {
      const packed = new Reader(reader.bytes());
      const values = (message[field.name] ??= []);
      while (!packed.done()) values.push(readScalar(packed, field.type));
      continue;
    }
    const value = SCHEMA[field.type] ? decodeMessage(field.type, reader.bytes()) : readScalar(reader, field.type);
    if (field.repeated) (message[field.name] ??= []).push(value);
    else message[field.name] = value;
  }
  return message;
}

function readScalar(reader, type) {
  switch (type) {
    case 'string': return reader.bytes().toString('utf8');
    case 'bytes': return reader.bytes().toString('hex');
    case 'bytes64': return reader.bytes().toString('base64');
    case 'bool': return reader.varint() !== 0n;
    case 'uint': return Number(reader.varint());
    case 'sint': { const raw = reader.varint(); return Number((raw >> 1n) ^ -(raw & 1n)); }
    case 'int64str': return BigInt.asIntN(64, reader.varint()).toString();
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
  varint() {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (this.offset >= this.buffer.length) throw new RangeError('truncated varint');
      const byte = this.buffer[this.offset++];
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  }
  fixed(size) {
    const slice = this.buffer.subarray(this.offset, this.offset + size);
    if (slice.length !== size) throw new RangeError('truncated fixed-width field');
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
    else throw new RangeError(`unsupported wire type ${wire}`);
  }
}
