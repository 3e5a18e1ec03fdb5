// What `npm run stack` gives the collector in place of Tempo and Loki, which run only under
// docker compose: an OTLP/HTTP endpoint on 127.0.0.1 that accepts traces and logs and drops
// them. The collector then exports without errors or retry queues, and its span metrics
// (derived from the traces before export) still reach Prometheus. Nothing is kept, so the
// stack can run for days.
import http from 'node:http';

export async function startDiscardSink() {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method !== 'POST' || !['/v1/traces', '/v1/logs', '/v1/metrics'].includes(request.url)) return void response.writeHead(404).end();
      // An empty protobuf message, or an empty JSON object: a full success in OTLP.
      const json = (request.headers['content-type'] ?? '').includes('json');
      response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' }).end(json ? '{}' : '');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
