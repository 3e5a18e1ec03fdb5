// PostgreSQL 15 (Debian's, started by the test) through pg, pg-pool and knex: CLIENT spans
// under the request's SERVER span with the statement and no secrets, db.client.operation.duration,
// and the pool's connection metrics.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataPointsOf } from '../../support/otlp-receiver.js';
import { startPostgres } from '../../e2e/support/postgres.js';
import { compatCase } from '../cases.js';
import { installedVersions } from '../support/installed.js';
import { startInstrumentedApp, spansUnderRequest } from '../support/instrumented-app.js';
import { assertNoSecretInSpans, PASSWORD, SECRET_VALUE } from '../support/secrets.js';
import { SPAN_KIND } from '../support/telemetry.js';

const PG = '@opentelemetry/instrumentation-pg';
const KNEX = '@opentelemetry/instrumentation-knex';

describe(`PostgreSQL through ${['pg', 'pg-pool', 'knex'].map((id) => installedVersions(compatCase(id).packages)).join('; ')}`, () => {
  let postgres;
  let app;
  before(async () => {
    postgres = await startPostgres();
    // PostgreSQL trusts the local user here; the password is sent only to check it is not exported.
    const url = postgres.url.replace('://shop@', `://shop:${PASSWORD}@`);
    app = await startInstrumentedApp('test/compat/apps/postgres.cjs', { DATABASE_URL: url, BOUND_VALUE: SECRET_VALUE });
    for (const path of ['/pg', '/pg-pool', '/pg-inline', '/knex']) await app.get(path);
  });
  after(async () => {
    await app?.stop();
    await postgres?.stop();
  });

  test('pg: connect and query are CLIENT spans under the SERVER span, with the statement', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/pg', PG, { count: 2 });
    assert.ok(spans.every((span) => span.kind === SPAN_KIND.CLIENT));
    const query = spans.find((span) => span.attributes['db.query.text'] !== undefined);
    assert.equal(query.attributes['db.query.text'], 'SELECT $1::text AS token, 7 AS n');
    assert.equal(query.attributes['db.system.name'], 'postgresql');
    assert.equal(query.attributes['db.namespace'], 'shop');
    assert.ok(spans.some((span) => span.name === 'pg.connect'));
  });

  test('pg: db.client.operation.duration is recorded for the queries', async () => {
    const points = await app.receiver.waitFor((r) => {
      const found = dataPointsOf(r, 'db.client.operation.duration').filter((point) => point.attributes['db.system.name'] === 'postgresql');
      return found.length > 0 ? found : undefined;
    }, { what: 'db.client.operation.duration' });
    assert.ok(points.some((point) => point.attributes['db.operation.name'] === 'SELECT' && Number(point.count) >= 3), JSON.stringify(points.map((point) => [point.attributes, point.count])));
    assert.equal(points[0].metric.unit, 's');
  });

  test('pg-pool: pool.connect and both queries are spans under the SERVER span', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/pg-pool', PG, { count: 3 });
    assert.ok(spans.filter((span) => span.name === 'pg-pool.connect').length >= 1, JSON.stringify(spans.map((span) => span.name)));
    const statements = spans.map((span) => span.attributes['db.query.text']).filter(Boolean).sort();
    assert.deepEqual(statements, ['SELECT $1::text AS token, pg_sleep(0.05)', 'SELECT count(*) AS tables FROM pg_catalog.pg_tables']);
  });

  test('pg-pool: connection metrics (count by state used/idle, max, pending requests)', async () => {
    const names = ['db.client.connection.count', 'db.client.connection.max', 'db.client.connection.pending_requests'];
    await app.receiver.waitFor((r) => names.every((name) => dataPointsOf(r, name).length > 0), { what: names.join(', ') });
    const states = new Set(dataPointsOf(app.receiver, 'db.client.connection.count').map((point) => point.attributes['db.client.connection.state']));
    assert.deepEqual([...states].sort(), ['idle', 'used']);
    const max = dataPointsOf(app.receiver, 'db.client.connection.max').map((point) => Number(point.asInt ?? point.asDouble));
    assert.ok(max.includes(4), `the pool's max (4): ${max}`);
    const pending = dataPointsOf(app.receiver, 'db.client.connection.pending_requests').map((point) => Number(point.asInt ?? point.asDouble));
    assert.ok(pending.every((value) => value >= 0), `pending requests: ${pending}`);
  });

  test('knex: its span is under the SERVER span, and pg\'s query span under it', async () => {
    const { spans, trace } = await spansUnderRequest(app.receiver, '/knex', KNEX);
    const [knexSpan] = spans;
    assert.equal(knexSpan.kind, SPAN_KIND.CLIENT);
    assert.equal(knexSpan.attributes['db.operation.name'], 'select');
    assert.equal(knexSpan.attributes['db.collection.name'], 'pg_catalog.pg_tables');
    assert.match(knexSpan.attributes['db.query.text'], /where "tablename" = \?$/);
    assert.ok(trace.some((span) => span.scope.name === PG && span.parentSpanId === knexSpan.spanId), 'a pg span is a child of the knex span');
  });

  test('pg: a statement with its values written into it is exported with each literal as ?', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/pg-inline', PG, { count: 2 });
    const statements = spans.map((span) => span.attributes['db.query.text']).filter(Boolean);
    assert.deepEqual(statements, ['SELECT ?::text AS token, ? AS n']);
  });

  test('neither the password nor the bound value reaches a span', () => {
    assertNoSecretInSpans(app.receiver);
  });
});
