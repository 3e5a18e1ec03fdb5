// MariaDB (Debian's, started by the test) through mysql and mysql2, from an ES-module app:
// CLIENT spans under the request's SERVER span with the statement and no secrets, and mysql's
// pool connection counts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataPointsOf } from '../../support/otlp-receiver.js';
import { compatCase } from '../cases.js';
import { installedVersions } from '../support/installed.js';
import { startInstrumentedApp, spansUnderRequest } from '../support/instrumented-app.js';
import { assertNoSecretInSpans, PASSWORD, SECRET_VALUE } from '../support/secrets.js';
import { startMariaDb } from '../support/servers/mariadb.js';
import { SPAN_KIND } from '../support/telemetry.js';

describe(`MariaDB through ${['mysql', 'mysql2'].map((id) => installedVersions(compatCase(id).packages)).join('; ')}`, () => {
  let mariadb;
  let app;
  before(async () => {
    mariadb = await startMariaDb({ password: PASSWORD });
    app = await startInstrumentedApp('test/compat/apps/mariadb.mjs', { DB_PORT: String(mariadb.port), DB_PASSWORD: PASSWORD, BOUND_VALUE: SECRET_VALUE });
    for (const path of ['/mysql', '/mysql2']) await app.get(path);
  });
  after(async () => {
    await app?.stop();
    await mariadb?.stop();
  });

  for (const [library, path, statements] of [
    ['mysql', '/mysql', ['SELECT ? AS token, 7 AS n']],
    ['mysql2', '/mysql2', ['SELECT ? AS token, 7 AS n', 'SELECT ? AS token, 8 AS n']],
  ]) {
    test(`${library} (imported by an ES module): queries are CLIENT spans under the SERVER span, with the statement`, async () => {
      const { spans } = await spansUnderRequest(app.receiver, path, `@opentelemetry/instrumentation-${library}`, { count: statements.length });
      assert.ok(spans.every((span) => span.kind === SPAN_KIND.CLIENT));
      assert.ok(spans.every((span) => span.attributes['db.system.name'] === 'mysql' && span.attributes['db.namespace'] === 'shop'));
      assert.deepEqual([...new Set(spans.map((span) => span.attributes['db.query.text']))].sort(), statements);
    });
  }

  test('mysql: the pool\'s connections are counted by state', async () => {
    const points = await app.receiver.waitFor((r) => {
      const found = dataPointsOf(r, 'db.client.connection.count');
      return found.length > 0 ? found : undefined;
    }, { what: 'db.client.connection.count' });
    assert.deepEqual([...new Set(points.map((point) => point.attributes['db.client.connection.state']))].sort(), ['idle', 'used']);
    assert.ok(points.every((point) => String(point.attributes['db.client.connection.pool.name']).includes("database: 'shop'")));
    assert.ok(points.every((point) => !String(point.attributes['db.client.connection.pool.name']).includes(PASSWORD)));
  });

  test('neither the password nor the bound value reaches a span', () => {
    assertNoSecretInSpans(app.receiver);
  });
});
