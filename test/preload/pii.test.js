// Nothing secret leaves the process: the fixture plants e-mail addresses, passwords, tokens
// and authorization headers, API keys, Luhn-valid card numbers and a configured key in span
// attributes, span events, exception messages and stacks, URL query strings, log fields and
// metric attributes;
// the real export path (OTLP/JSON to a receiver in this test) must carry none of them, while
// a Luhn-invalid number and ordinary values survive.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { startReceiver } from '../support/otlp-receiver.js';

const PLANTED_ELSEWHERE = [
  '4111 1111 1111 1111', '5555555555554444', '4000 0566 5566 5556', 'sk_live_PLANTstripekey567',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQTEFOVCJ9', '@example.test',
];

test('planted secrets are scrubbed from every exported span, event, exception, URL, log record and metric', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/pii-app.mjs', {
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'pii-test',
      NODE_ENV: 'development',
      OBS_SCRUB_KEYS: 'customer_reference',
    },
  });
  assert.equal((await app.get('/plant')).status, 200);
  assert.equal((await app.get('/fail')).status, 500);
  await receiver.waitFor((r) => {
    const text = JSON.stringify({ spans: r.spans(), logs: r.logRecords() });
    return text.includes('charge failed') && text.includes('lookup failed') && text.includes('checkout for') && text.includes('db auth failed') && text.includes('/echo');
  }, { what: 'every planted span, event and record' });
  await app.stop('SIGTERM');
  await receiver.close();
  assert.ok(receiver.metrics().some((metric) => metric.name === 'app.logins'), 'the planted metric was exported (at shutdown)');

  const exported = JSON.stringify({ spans: receiver.spans(), logs: receiver.logRecords(), metrics: receiver.metrics() });
  assert.deepEqual([...new Set(exported.match(/PLANT[\w-]*/g) ?? [])], [], 'no planted value in the export');
  for (const secret of PLANTED_ELSEWHERE) assert.ok(!exported.includes(secret), `${secret} leaked`);
  assert.ok(!/plant-[a-z]+@/.test(exported), 'no planted e-mail address');
  // What must survive: a Luhn-invalid number, the span and route names, the masks themselves.
  assert.ok(exported.includes('1234567890123456'), 'a Luhn-invalid number is not a card');
  assert.ok(exported.includes('"planted"') && exported.includes('[REDACTED]'));
  assert.ok(exported.includes('page=2'), 'harmless query parameters stay');
});
