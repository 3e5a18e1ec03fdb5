// An OTLP/HTTP receiver inside the test process: it accepts /v1/traces, /v1/metrics and
// /v1/logs in JSON or protobuf, decodes both into the OTLP/JSON shape, and lets tests wait
// for what they expect. `mode` simulates a collector that fails or hangs.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

const KINDS = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

export async function startReceiver() {
  const received = { traces: [], metrics: [], logs: [] };
  const requests = [];
  const hanging = new Set();
  const receiver = {
    /** 'ok' answers 200, 'fail' answers 503, 'hang' never answers. */
    mode: 'ok',
    received,
    requests,
    url: '',
    spans: () => received.traces.flatMap((body) => (body.resourceSpans ?? []).flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => (ss.spans ?? []).map((span) => ({ ...span, scope: ss.scope, resource: rs.resource }))))),
    metrics: () => received.metrics.flatMap((body) => (body.resourceMetrics ?? []).flatMap((rm) => (rm.scopeMetrics ?? []).flatMap((sm) => (sm.metrics ?? []).map((metric) => ({ ...metric, scope: sm.scope, resource: rm.resource }))))),
    logRecords: () => received.logs.flatMap((body) => (body.resourceLogs ?? []).flatMap((rl) => (rl.scopeLogs ?? []).flatMap((sl) => (sl.logRecords ?? []).map((record) => ({ ...record, scope: sl.scope, resource: rl.resource }))))),
    async waitFor(predicate, { timeoutMs = 10_000, what = 'the expected telemetry' } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const result = predicate(receiver);
        if (result) return result;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received ${requests.length} requests: ${JSON.stringify(requests.slice(-5))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise((resolve) => {
      server.ref();
      for (const response of hanging) response.destroy();
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const kind = KINDS[request.url];
      const contentType = request.headers['content-type'] ?? '';
      requests.push({ path: request.url, contentType, contentEncoding: request.headers['content-encoding'] ?? '' });
      if (!kind) return void response.writeHead(404).end();
      if (receiver.mode === 'hang') return void hanging.add(response);
      if (receiver.mode === 'fail') return void response.writeHead(503).end();
      // The collector's OTLP exporters compress with gzip by default; the SDK does not.
      const raw = Buffer.concat(chunks);
      const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      try {
        // Loaded on first use so JSON-only tests do not depend on the protobuf decoder.
        received[kind].push(contentType.includes('json') ? JSON.parse(body.toString('utf8')) : (await import('./otlp-protobuf.js')).decode(kind, body));
      } catch (error) {
        return void response.writeHead(400, { 'content-type': 'text/plain' }).end(`undecodable ${kind} request: ${error.message}`);
      }
      response.writeHead(200, { 'content-type': contentType.includes('json') ? 'application/json' : 'application/x-protobuf' }).end(contentType.includes('json') ? '{}' : '');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A test that fails before close() must not keep its file running.
  server.unref();
  receiver.url = `http://127.0.0.1:${server.address().port}`;
  return receiver;
}

/** Attribute list (OTLP/JSON shape) to a plain object, values unwrapped. */
export function attributesOf(list = []) {
  return Object.fromEntries(list.map(({ key, value }) => [key, anyValue(value)]));
}

export function anyValue(value) {
  if (value === undefined || value === null) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  if ('arrayValue' in value) return (value.arrayValue.values ?? []).map(anyValue);
  if ('kvlistValue' in value) return attributesOf(value.kvlistValue.values);
  return undefined;
}

/** Every data point of the metrics with that name, with attributes unwrapped. */
export function dataPointsOf(receiver, name) {
  return receiver.metrics().filter((metric) => metric.name === name).flatMap((metric) => {
    const data = metric.histogram ?? metric.sum ?? metric.gauge ?? metric.exponentialHistogram;
    return (data?.dataPoints ?? []).map((point) => ({ ...point, attributes: attributesOf(point.attributes), metric }));
  });
}
