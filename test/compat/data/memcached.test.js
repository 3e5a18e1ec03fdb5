// memcached (Debian's, started by the test) through the memcached client: a set and a get are
// CLIENT spans under the request's SERVER span, with the operation and without the value.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compatCase } from '../cases.js';
import { installedVersions } from '../support/installed.js';
import { startInstrumentedApp, spansUnderRequest } from '../support/instrumented-app.js';
import { assertNoSecretInSpans, SECRET_VALUE } from '../support/secrets.js';
import { startMemcached } from '../support/servers/memcached.js';
import { SPAN_KIND } from '../support/telemetry.js';

describe(`memcached through ${installedVersions(compatCase('memcached').packages)}`, () => {
  let memcached;
  let app;
  before(async () => {
    memcached = await startMemcached();
    app = await startInstrumentedApp('test/compat/apps/memcached.cjs', { MEMCACHED_LOCATION: memcached.location, STORED_VALUE: SECRET_VALUE });
    assert.deepEqual(await app.get('/memcached'), { result: true });
  });
  after(async () => {
    await app?.stop();
    await memcached?.stop();
  });

  test('set and get are CLIENT spans under the SERVER span, with the operation', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/memcached', '@opentelemetry/instrumentation-memcached', { count: 2 });
    assert.ok(spans.every((span) => span.kind === SPAN_KIND.CLIENT && span.attributes['db.system.name'] === 'memcached'));
    assert.deepEqual(spans.map((span) => span.attributes['db.operation.name']).sort(), ['get', 'set']);
  });

  test('the stored value reaches no span', () => {
    assertNoSecretInSpans(app.receiver, [SECRET_VALUE]);
  });
});
