// OTLP/HTTP protobuf trace requests shaped like what an instrumented web service's SDK sends:
// one service (resource) per request, a batch of 100 traces of 5 spans each (an HTTP server
// span, an Express middleware span, two PostgreSQL queries and one outgoing HTTP call), 500
// spans, close to the SDK's default export batch of 512. Each service's request is encoded
// once; `next()` copies it and writes fresh trace and span ids (parents follow their
// children's new ids), so every send is new traces to the collectors at the cost of a copy.
//
// One trace in a hundred is an error and one is slow (600 ms), so the gateways' tail
// sampling keeps 2% by those policies and 25% of the other 98% by the production share:
// 26.5% of spans are expected at Tempo.
import { randomFillSync } from 'node:crypto';
import { concat, fixed64, markedBytes, message, string, uint } from './protobuf-writer.js';

export const TRACES_PER_REQUEST = 100;
export const SPANS_PER_TRACE = 5;
export const SPANS_PER_REQUEST = TRACES_PER_REQUEST * SPANS_PER_TRACE;
export const EXPECTED_TEMPO_SHARE = 0.02 + 0.98 * 0.25;

const ROUTES = ['/api/products/:id', '/api/cart', '/api/orders', '/api/search', '/health'];
const MS = 1_000_000n;

// KeyValue { key = 1; value = 2 (AnyValue { string_value = 1; int_value = 3 }) }
const attribute = (name, value) => message(9, [string(1, name), message(2, [typeof value === 'number' ? uint(3, value) : string(1, value)])]);
const resourceAttribute = (name, value) => message(1, [string(1, name), message(2, [string(1, value)])]);

function span({ trace, index, parent, name, kind, startMs, durationMs, attributes, error }) {
  const start = BigInt(Date.now() - 60_000 + startMs) * MS;
  return message(2, [
    markedBytes(1, 16, { id: 'trace', trace }),
    markedBytes(2, 8, { id: 'span', trace, span: index }),
    parent === undefined ? null : markedBytes(4, 8, { id: 'span', trace, span: parent }),
    string(5, name),
    uint(6, kind),
    fixed64(7, start),
    fixed64(8, start + BigInt(durationMs) * MS),
    ...Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    // Status { code = 3 }: 2 is ERROR; unset otherwise, as the SDK leaves it.
    error ? message(15, [uint(3, 2)]) : null,
  ]);
}

function trace(traceIndex, service) {
  const route = ROUTES[traceIndex % ROUTES.length];
  const error = traceIndex % 100 === 37;
  const slow = traceIndex % 100 === 73;
  const total = slow ? 600 : 20;
  const path = route.replace(':id', String(1000 + traceIndex));
  const server = { SERVER: 2, INTERNAL: 1, CLIENT: 3 };
  return [
    span({ trace: traceIndex, index: 0, name: `GET ${route}`, kind: server.SERVER, startMs: 0, durationMs: total, error, attributes: {
      'http.request.method': 'GET', 'http.route': route, 'http.response.status_code': error ? 500 : 200, 'url.path': path, 'url.scheme': 'http',
      'server.address': `${service}.internal`, 'server.port': 8080, 'network.protocol.version': '1.1', 'client.address': '10.0.3.17',
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    } }),
    span({ trace: traceIndex, index: 1, parent: 0, name: 'middleware - jsonParser', kind: server.INTERNAL, startMs: 1, durationMs: 1, attributes: { 'express.name': 'jsonParser', 'express.type': 'middleware', 'http.route': '/' } }),
    ...[2, 3].map((index) => span({ trace: traceIndex, index, parent: 0, name: 'SELECT shop.products', kind: server.CLIENT, startMs: 2 + index, durationMs: 3, attributes: {
      'db.system.name': 'postgresql', 'db.namespace': 'shop', 'db.operation.name': 'SELECT', 'db.collection.name': 'products',
      'db.query.text': 'SELECT id, name, price, stock FROM products WHERE id = $1 AND deleted_at IS NULL', 'server.address': 'postgres', 'server.port': 5432,
    } })),
    span({ trace: traceIndex, index: 4, parent: 0, name: 'GET', kind: server.CLIENT, startMs: 8, durationMs: slow ? 590 : 10, error, attributes: {
      'http.request.method': 'GET', 'url.full': `http://inventory.internal:8080/v1/stock/${1000 + traceIndex}`, 'server.address': 'inventory.internal', 'server.port': 8080,
      'http.response.status_code': error ? 503 : 200,
    } }),
  ];
}

/** The encoded request for one service, with where each id goes. */
function template(service) {
  const spans = [];
  for (let traceIndex = 0; traceIndex < TRACES_PER_REQUEST; traceIndex++) spans.push(...trace(traceIndex, service));
  const request = message(null, [message(1, [
    message(1, [
      resourceAttribute('service.name', service),
      resourceAttribute('service.version', '1.4.2'),
      resourceAttribute('service.instance.id', `${service}-7d9f8c6b5-x2k4p`),
      resourceAttribute('deployment.environment.name', 'production'),
      resourceAttribute('host.name', 'node-3'),
      resourceAttribute('telemetry.sdk.name', 'opentelemetry'),
      resourceAttribute('telemetry.sdk.language', 'nodejs'),
      resourceAttribute('telemetry.sdk.version', '3.0.0'),
    ]),
    message(2, [message(1, [string(1, '@opentelemetry/instrumentation-http'), string(2, '0.300.0')]), concat(spans)]),
  ])]);
  // Where each id's fresh bytes come from in one random block per send: trace ids first,
  // then span ids; a parent id copies its parent span's slot.
  const spanSlot = (mark) => TRACES_PER_REQUEST * 16 + (mark.trace * SPANS_PER_TRACE + mark.span) * 8;
  const patches = request.marks.map((mark) => ({ offset: mark.offset, length: mark.length, source: mark.id === 'trace' ? mark.trace * 16 : spanSlot(mark) }));
  return { bytes: request.buffer, patches };
}

/** Request bodies for `services` services in turn, each one new traces. */
export function traceRequests(services) {
  const templates = services.map(template);
  const random = Buffer.alloc(TRACES_PER_REQUEST * 16 + SPANS_PER_REQUEST * 8);
  let turn = 0;
  return {
    bytesPerRequest: templates[0].bytes.length,
    next() {
      const { bytes, patches } = templates[turn++ % templates.length];
      const body = Buffer.from(bytes);
      randomFillSync(random);
      for (const { offset, length, source } of patches) random.copy(body, offset, source, source + length);
      return body;
    },
  };
}
