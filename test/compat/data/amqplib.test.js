// RabbitMQ (Debian's, started by the test, with a password) through amqplib: the publish is a
// PRODUCER span under the request's SERVER span; the app's consumer, in its own callback
// outside the request, continues the trace the message carries with a CONSUMER span, and its
// pino line carries that span's ids.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compatCase } from '../cases.js';
import { installedVersions } from '../support/installed.js';
import { startInstrumentedApp, spansUnderRequest } from '../support/instrumented-app.js';
import { assertNoSecretInSpans, PASSWORD } from '../support/secrets.js';
import { startRabbitmq } from '../support/servers/rabbitmq.js';
import { SPAN_KIND } from '../support/telemetry.js';

const SCOPE = '@opentelemetry/instrumentation-amqplib';

describe(`RabbitMQ through ${installedVersions(compatCase('amqplib').packages)}`, () => {
  let rabbitmq;
  let app;
  before(async () => {
    rabbitmq = await startRabbitmq({ password: PASSWORD });
    app = await startInstrumentedApp('test/compat/apps/amqplib.cjs', { AMQP_URL: rabbitmq.url });
    assert.deepEqual(await app.get('/orders/42'), { result: 'queued' });
  });
  after(async () => {
    await app?.stop();
    await rabbitmq?.stop();
  });

  test('the publish is a PRODUCER span under the SERVER span; the consumer\'s span is its child', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/orders/42', SCOPE, { count: 2 });
    const publish = spans.find((span) => span.kind === SPAN_KIND.PRODUCER);
    const consume = spans.find((span) => span.kind === SPAN_KIND.CONSUMER);
    assert.ok(publish && consume, JSON.stringify(spans.map((span) => [span.kind, span.name])));
    assert.equal(consume.parentSpanId, publish.spanId, 'the consumer continues the trace the message carries');
    assert.equal(consume.attributes['messaging.system'], 'rabbitmq');
  });

  test('the consumer\'s pino line carries the CONSUMER span\'s ids, on stdout and exported', async () => {
    const { server, spans } = await spansUnderRequest(app.receiver, '/orders/42', SCOPE, { count: 2 });
    const consume = spans.find((span) => span.kind === SPAN_KIND.CONSUMER);
    const line = app.app.jsonLines().find((record) => record.msg === 'order consumed');
    assert.ok(line, 'the consumer\'s line on stdout');
    assert.equal(line.trace_id, server.traceId);
    assert.equal(line.span_id, consume.spanId);
    await app.receiver.waitFor((r) => r.logRecords().some((record) => record.traceId === server.traceId && record.body?.stringValue === 'order consumed'), { what: 'the consumer\'s line exported in the request\'s trace' });
  });

  test('the password does not reach a span', () => {
    assertNoSecretInSpans(app.receiver, [PASSWORD]);
  });
});
