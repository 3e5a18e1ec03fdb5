// Redis (Debian's, started by the test, with a password) through ioredis, node-redis and
// BullMQ, from an ES-module app: CLIENT spans under the request's SERVER span with the command
// and no secrets.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compatCase } from '../cases.js';
import { installedVersions } from '../support/installed.js';
import { startInstrumentedApp, spansUnderRequest } from '../support/instrumented-app.js';
import { assertNoSecretInSpans, PASSWORD, SECRET_VALUE } from '../support/secrets.js';
import { startRedis } from '../support/servers/redis.js';
import { SPAN_KIND } from '../support/telemetry.js';

describe(`Redis through ${['ioredis', 'redis', 'bullmq'].map((id) => installedVersions(compatCase(id).packages)).join('; ')}`, () => {
  let redis;
  let app;
  before(async () => {
    redis = await startRedis({ password: PASSWORD });
    app = await startInstrumentedApp('test/compat/apps/redis.mjs', { REDIS_URL: redis.url, STORED_VALUE: SECRET_VALUE });
    for (const path of ['/ioredis', '/redis', '/bullmq']) await app.get(path);
  });
  after(async () => {
    await app?.stop();
    await redis?.stop();
  });

  test('ioredis: SET and GET are CLIENT spans under the SERVER span, the value left out', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/ioredis', '@opentelemetry/instrumentation-ioredis', { count: 2 });
    assert.ok(spans.every((span) => span.kind === SPAN_KIND.CLIENT && span.attributes['db.system.name'] === 'redis'));
    assert.deepEqual(spans.map((span) => span.attributes['db.query.text']).sort(), ['get compat:ioredis', 'set compat:ioredis [1 other arguments]']);
  });

  test('node-redis: SET and GET are CLIENT spans under the SERVER span, the value left out', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/redis', '@opentelemetry/instrumentation-redis', { count: 2 });
    assert.ok(spans.every((span) => span.kind === SPAN_KIND.CLIENT && span.attributes['db.system.name'] === 'redis'));
    assert.deepEqual(spans.map((span) => span.attributes['db.query.text']).sort(), ['GET compat:redis', 'SET compat:redis [1 other arguments]']);
  });

  test('BullMQ: adding a job is an ioredis CLIENT span (its script) under the SERVER span', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/bullmq', '@opentelemetry/instrumentation-ioredis');
    assert.ok(spans.every((span) => span.kind === SPAN_KIND.CLIENT));
    assert.ok(spans.some((span) => span.attributes['db.operation.name'] === 'evalsha' && span.attributes['db.query.text'].includes('bull:compat-emails:')), JSON.stringify(spans.map((span) => span.attributes['db.query.text'])));
  });

  test('neither the password nor the stored value reaches a span', () => {
    assertNoSecretInSpans(app.receiver);
  });
});
