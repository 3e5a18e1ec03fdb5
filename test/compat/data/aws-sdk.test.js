// The AWS SDK v3 (SQS, SNS, S3, DynamoDB clients) from an ES-module app, pointed at a local
// stub: one span per command under the request's SERVER span, with rpc.service and rpc.method
// (PRODUCER for the messaging sends, CLIENT for the others), and the secret key in none.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compatCase } from '../cases.js';
import { startAwsStub } from '../support/aws-stub.js';
import { installedVersions } from '../support/installed.js';
import { startInstrumentedApp, spansUnderRequest } from '../support/instrumented-app.js';
import { assertNoSecretInSpans, PASSWORD } from '../support/secrets.js';
import { SPAN_KIND } from '../support/telemetry.js';

const COMMANDS = [
  { id: 'aws-sdk-sqs', service: 'SQS', method: 'SendMessage', kind: SPAN_KIND.PRODUCER },
  { id: 'aws-sdk-sns', service: 'SNS', method: 'Publish', kind: SPAN_KIND.PRODUCER },
  { id: 'aws-sdk-s3', service: 'S3', method: 'PutObject', kind: SPAN_KIND.CLIENT },
  { id: 'aws-sdk-dynamodb', service: 'DynamoDB', method: 'GetItem', kind: SPAN_KIND.CLIENT },
];

describe(`AWS SDK v3 through ${COMMANDS.map(({ id }) => installedVersions(compatCase(id).packages)).join('; ')}`, () => {
  let stub;
  let app;
  let spans;
  before(async () => {
    stub = await startAwsStub();
    app = await startInstrumentedApp('test/compat/apps/aws-sdk.mjs', { AWS_ENDPOINT: stub.url, AWS_ACCESS_KEY_ID: 'AKIDCOMPATSUITE', AWS_SECRET_ACCESS_KEY: PASSWORD });
    assert.deepEqual(await app.get('/aws'), { result: 'compat' });
    ({ spans } = await spansUnderRequest(app.receiver, '/aws', '@opentelemetry/instrumentation-aws-sdk', { count: COMMANDS.length }));
  });
  after(async () => {
    await app?.stop();
    await stub?.close();
  });

  for (const { service, method, kind } of COMMANDS) {
    test(`${service} ${method}: a span under the SERVER span with rpc.service and rpc.method`, () => {
      const span = spans.find((each) => each.attributes['rpc.service'] === service);
      assert.ok(span, JSON.stringify(spans.map((each) => each.attributes)));
      assert.equal(span.attributes['rpc.method'], method);
      assert.equal(span.attributes['rpc.system'], 'aws-api');
      assert.equal(span.kind, kind);
      assert.ok(stub.calls.length >= COMMANDS.length, 'the stub answered each command');
    });
  }

  test('the secret access key reaches no span', () => {
    assertNoSecretInSpans(app.receiver, [PASSWORD]);
  });
});
