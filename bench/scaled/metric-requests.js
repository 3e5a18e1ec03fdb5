// OTLP/HTTP protobuf metric requests for the receivers: `series` distinct gauge series, 2,000
// to a request (Prometheus's default remote-write batch, max_samples_per_send), each request
// one application instance (resource) with ten metrics over 200 routes. What makes a series
// distinct is what does in practice: the instance (job and instance labels from
// service.name and service.instance.id), the metric name and the route. Each request is
// encoded once; `next()` writes the round's timestamp into every point, so sending the whole
// set again is one more sample per series, as a scrape interval is.
import { double, fixed64, message, string } from './protobuf-writer.js';

export const SAMPLES_PER_REQUEST = 2_000;
const ROUTES_PER_METRIC = 200;
const SERVICES = 50;
const METRICS = [
  'http_server_active_requests', 'http_server_request_body_size_last', 'http_client_open_connections', 'db_client_connection_count',
  'db_client_connection_pending_requests', 'cache_entries', 'queue_depth', 'feature_flag_evaluations_pending', 'rate_limit_remaining', 'worker_jobs_active',
];

// KeyValue { key = 1; value = 2 (AnyValue { string_value = 1 }) }, under `field`.
const keyValue = (field, key, value) => message(field, [string(1, key), message(2, [string(1, value)])]);

function request(index) {
  const service = `service-${String(index % SERVICES).padStart(2, '0')}`;
  const instance = `${service}-pod-${Math.floor(index / SERVICES)}`;
  const metrics = METRICS.map((name) => message(2, [
    string(1, name),
    // Gauge { data_points = 1 }: NumberDataPoint { attributes = 7; time_unix_nano = 3; as_double = 4 }
    message(5, Array.from({ length: ROUTES_PER_METRIC }, (_, route) => message(1, [
      keyValue(7, 'http.route', `/api/v1/resource-${route}/:id`),
      keyValue(7, 'http.request.method', 'GET'),
      keyValue(7, 'http.response.status_code', '200'),
      { buffer: Buffer.concat([Buffer.from([0x19]), Buffer.alloc(8)]), marks: [{ offset: 1 }] }, // fixed64 field 3, the time, patched per send
      double(4, route + 0.5),
    ]))),
  ]));
  const body = message(null, [message(1, [
    message(1, [keyValue(1, 'service.name', service), keyValue(1, 'service.instance.id', instance), keyValue(1, 'deployment.environment.name', 'production')]),
    message(2, [message(1, [string(1, 'capacity-benchmark')]), ...metrics]),
  ])]);
  return { bytes: body.buffer, timeOffsets: body.marks.map(({ offset }) => offset) };
}

/** The encoded requests for `series` series (a multiple of 2,000), built once. */
export function seriesRequests(series) {
  return Array.from({ length: series / SAMPLES_PER_REQUEST }, (_, index) => request(index));
}

/**
 * Sends `requests` in turn: each pass over them is one round, one sample per series, at a
 * timestamp later than the previous round's.
 */
export function rounds(requests) {
  let turn = 0;
  let roundTime = 0n;
  return {
    next() {
      if (turn % requests.length === 0) {
        const now = BigInt(Date.now()) * 1_000_000n;
        roundTime = now > roundTime ? now : roundTime + 1_000_000n;
      }
      const { bytes, timeOffsets } = requests[turn++ % requests.length];
      const body = Buffer.from(bytes);
      for (const offset of timeOffsets) body.writeBigUInt64LE(roundTime, offset);
      return { body, items: SAMPLES_PER_REQUEST };
    },
  };
}
