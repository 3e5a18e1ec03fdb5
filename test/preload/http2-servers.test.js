// HTTP/2 servers get the same SERVER spans, duration records and log correlation as HTTP/1
// ones: Fastify with `http2: true`, Hono and Koa over cleartext HTTP/2, and a node:http2
// secure server's compatibility API, over HTTP/2 and over its HTTP/1 fallback. Another
// net.Server's own 'request' event passes through untouched.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { makeSelfSignedCertificate } from '../support/certificate.js';
import { attributesOf, dataPointsOf, startReceiver } from '../support/otlp-receiver.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** One HTTP/2 request; resolves with the status and the body. */
function h2Get(authority, path, headers = {}, connectOptions = {}) {
  const client = http2.connect(authority, connectOptions);
  return new Promise((resolve, reject) => {
    client.on('error', reject);
    const request = client.request({ ':path': path, ...headers });
    let status = 0;
    let body = '';
    request.on('response', (responseHeaders) => { status = responseHeaders[':status']; });
    request.setEncoding('utf8');
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => { client.close(); resolve({ status, body }); });
    request.on('error', reject);
    request.end();
  });
}

let receiver;
let app;
let directory;
let ports;
before(async () => {
  directory = mkdtempSync(join(tmpdir(), 'http2-app-'));
  const { keyFile, certFile } = makeSelfSignedCertificate(directory, { days: 2 });
  receiver = await startReceiver();
  app = await startApp('test/fixtures/http2-app.mjs', {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_SAMPLER: 'always_on', TLS_KEY: keyFile, TLS_CERT: certFile },
  });
  ports = JSON.parse(app.stdout.split('\n').find((line) => line.includes('"secure"')));
});
after(async () => {
  await app?.stop('SIGKILL');
  await receiver?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

const serverSpan = (path) => receiver.waitFor((r) => r.spans().find((span) => span.kind === 2 && attributesOf(span.attributes)['url.path'] === path), { what: `the server span of ${path}` });

test('Fastify over cleartext HTTP/2: a SERVER span with the route, the propagated parent, HTTP/2 as the protocol', async () => {
  const answer = await h2Get(`http://127.0.0.1:${app.port}`, '/users/7', { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` });
  assert.deepEqual(answer, { status: 200, body: '{"id":"7"}' });
  const span = await serverSpan('/users/7');
  const attributes = attributesOf(span.attributes);
  assert.equal(span.name, 'GET /users/:id');
  assert.equal(span.traceId, TRACE_ID);
  assert.equal(span.parentSpanId, '00f067aa0ba902b7');
  assert.equal(attributes['http.route'], '/users/:id');
  assert.equal(attributes['http.response.status_code'], 200);
  assert.equal(attributes['network.protocol.version'], '2.0');
  assert.equal(attributes['url.scheme'], 'http');
  const line = app.jsonLines().find((record) => record.msg === 'user requested');
  assert.equal(line.trace_id, TRACE_ID, 'the pino line carries the request\'s trace id');
});

test('a failed HTTP/2 request is an error span, and both count in the duration histogram by route', async () => {
  assert.equal((await h2Get(`http://127.0.0.1:${app.port}`, '/fail')).status, 500);
  const span = await serverSpan('/fail');
  assert.equal(span.status.code, 2);
  assert.equal(attributesOf(span.attributes)['error.type'], '500');
  const points = await receiver.waitFor((r) => {
    const found = dataPointsOf(r, 'http.server.request.duration').filter((point) => ['/users/:id', '/fail'].includes(point.attributes['http.route']));
    return found.length >= 2 ? found : undefined;
  }, { what: 'duration points for both routes' });
  assert.ok(points.every((point) => Number(point.count) >= 1));
});

test('a node:http2 secure server: HTTP/2 and its HTTP/1 fallback both get a SERVER span with scheme https', async () => {
  const overH2 = await h2Get(`https://127.0.0.1:${ports.secure}`, '/secure-h2', {}, { rejectUnauthorized: false });
  assert.deepEqual(overH2, { status: 200, body: 'secure 2.0' });
  const overH1 = await new Promise((resolve, reject) => {
    https.get({ host: '127.0.0.1', port: ports.secure, path: '/secure-h1', rejectUnauthorized: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
  assert.equal(overH1, 'secure 1.1');
  for (const [path, version] of [['/secure-h2', '2.0'], ['/secure-h1', '1.1']]) {
    const attributes = attributesOf((await serverSpan(path)).attributes);
    assert.equal(attributes['url.scheme'], 'https');
    assert.equal(attributes['network.protocol.version'], version);
  }
});

test('Hono and Koa over cleartext HTTP/2: SERVER spans, Hono\'s with the route its router matched', async () => {
  assert.deepEqual(await h2Get(`http://127.0.0.1:${ports.hono}`, '/books/42'), { status: 200, body: 'book 42' });
  assert.deepEqual(await h2Get(`http://127.0.0.1:${ports.koa}`, '/shelf'), { status: 200, body: 'koa over h2' });
  const honoSpan = await serverSpan('/books/42');
  assert.equal(honoSpan.name, 'GET /books/:isbn');
  assert.equal(attributesOf(honoSpan.attributes)['network.protocol.version'], '2.0');
  const koaSpan = await serverSpan('/shelf');
  assert.equal(attributesOf(koaSpan.attributes)['network.protocol.version'], '2.0');
  assert.equal(attributesOf(koaSpan.attributes)['http.response.status_code'], 200);
});

test('another net.Server\'s own \'request\' event reaches its listener untouched, with no span', async () => {
  const answer = await h2Get(`http://127.0.0.1:${app.port}`, '/custom');
  assert.deepEqual(JSON.parse(answer.body), { received: [{ job: 7 }, 'second'] });
  await serverSpan('/custom');
  const paths = receiver.spans().filter((span) => span.kind === 2).map((span) => attributesOf(span.attributes)['url.path']).sort();
  assert.deepEqual(paths, ['/books/42', '/custom', '/fail', '/secure-h1', '/secure-h2', '/shelf', '/users/7'], 'one SERVER span per HTTP request, none for the custom event');
});
