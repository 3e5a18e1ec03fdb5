// The listeners of a request's and its response's events run in the request's context, as
// under the stock instrumentation: a plain node:http app that reads its body with 'data' and
// 'end', logs on 'finish', or notices a client going away on 'close' gets its lines correlated
// and its outgoing calls in the request's trace. Node emits these events from the connection,
// outside the handler's call, so without this they carried no trace at all. The same holds
// for node:http2's compatibility API.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { attributesOf, startReceiver } from '../support/otlp-receiver.js';
import { eventually } from '../support/timing.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SAMPLED_PARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;

test('body, finish and close listeners of a plain node:http app carry the request\'s trace', async () => {
  const app = await startApp('test/fixtures/request-events-app.mjs', {
    env: { OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' },
  });
  try {
    const answer = await app.get('/upload', { method: 'POST', body: 'x'.repeat(100_000), headers: { traceparent: SAMPLED_PARENT } });
    assert.equal(answer.status, 200);
    const forwarded = JSON.parse(answer.body).forwarded;
    assert.match(forwarded, new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`), 'the call made once the body was read continues the request\'s trace');

    const aborted = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${app.port}/stream`, { headers: { traceparent: SAMPLED_PARENT }, signal: aborted.signal });
    await stream.body.getReader().read();
    aborted.abort();

    const lines = await eventually(() => {
      const all = app.jsonLines().filter((line) => line.event && line.version === '1.1');
      return all.length === 3 && all;
    }, 'the three lines logged in event listeners');
    for (const line of lines) {
      assert.equal(line.trace_id, TRACE_ID, `the '${line.event}' listener's line carries the request's trace id`);
      assert.match(line.span_id, /^[0-9a-f]{16}$/);
      assert.notEqual(line.span_id, SAMPLED_PARENT.split('-')[2], `the '${line.event}' line names the server span, not the caller's`);
    }
    const [bodyRead, answered] = ['request end', 'response finish'].map((event) => lines.find((line) => line.event === event));
    assert.equal(answered.span_id, bodyRead.span_id, 'the same request\'s server span');
    assert.notEqual(forwarded.split('-')[2], bodyRead.span_id, 'the outgoing call has a span of its own under the server span');
  } finally {
    await app.stop('SIGKILL');
  }
});

test('the same handler over HTTP/2 (node:http2\'s compatibility API): its body and finish listeners carry the request\'s trace', async () => {
  const app = await startApp('test/fixtures/request-events-app.mjs', {
    env: { OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' },
  });
  try {
    const { h2 } = app.jsonLines().find((line) => line.h2);
    const client = http2.connect(`http://127.0.0.1:${h2}`);
    const body = await new Promise((resolve, reject) => {
      client.on('error', reject);
      const request = client.request({ ':method': 'POST', ':path': '/upload', traceparent: SAMPLED_PARENT });
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => { text += chunk; });
      request.on('end', () => resolve(text));
      request.on('error', reject);
      request.end('y'.repeat(50_000));
    });
    client.close();
    assert.match(JSON.parse(body).forwarded, new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`), 'the call made once the body was read continues the request\'s trace');
    const lines = await eventually(() => {
      const all = app.jsonLines().filter((line) => line.event && line.version === '2.0');
      return all.length === 2 && all;
    }, 'the two lines of the HTTP/2 POST');
    assert.deepEqual(lines.map((line) => line.event), ['request end', 'response finish']);
    for (const line of lines) assert.equal(line.trace_id, TRACE_ID, `the '${line.event}' listener's line carries the request's trace id`);
    assert.equal(lines[0].span_id, lines[1].span_id);
  } finally {
    await app.stop('SIGKILL');
  }
});

test('a client that goes away once the response has started is no error; one that gets nothing is "aborted"', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/request-events-app.mjs', {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_SAMPLER: 'always_on' },
  });
  try {
    const streaming = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${app.port}/stream`, { signal: streaming.signal });
    await stream.body.getReader().read();
    streaming.abort();
    const waiting = new AbortController();
    const never = fetch(`http://127.0.0.1:${app.port}/never`, { signal: waiting.signal }).catch((error) => error);
    setTimeout(() => waiting.abort(), 200);
    assert.equal((await never).name, 'AbortError');

    const spanOf = (path) => receiver.waitFor((r) => r.spans().find((span) => span.kind === 2 && attributesOf(span.attributes)['url.path'] === path), { what: `the server span of ${path}` });
    const streamed = await spanOf('/stream');
    assert.notEqual(streamed.status?.code, 2, 'a closed event stream is not an error span');
    assert.equal(attributesOf(streamed.attributes)['http.response.status_code'], 200);
    assert.equal(attributesOf(streamed.attributes)['error.type'], undefined);
    const abandoned = await spanOf('/never');
    assert.equal(abandoned.status?.code, 2, 'a request that got no response is an error span');
    assert.equal(attributesOf(abandoned.attributes)['error.type'], 'aborted');
    assert.equal(attributesOf(abandoned.attributes)['http.response.status_code'], undefined);
  } finally {
    await app.stop('SIGKILL');
    await receiver.close();
  }
});

test('a bare run of the same app logs the same events (the fixture does what the test expects of it)', async () => {
  const app = await startApp('test/fixtures/request-events-app.mjs', { args: [] });
  try {
    const answer = await app.get('/upload', { method: 'POST', body: 'abc' });
    assert.deepEqual(JSON.parse(answer.body), { forwarded: 'none' });
    const lines = await eventually(() => {
      const all = app.jsonLines().filter((line) => line.event);
      return all.length === 2 && all;
    }, 'the two lines of the POST');
    assert.ok(lines.every((line) => line.version === '1.1'));
    assert.deepEqual(lines.map((line) => line.event), ['request end', 'response finish']);
    for (const line of lines) assert.ok(!('trace_id' in line));
  } finally {
    await app.stop('SIGKILL');
  }
});
