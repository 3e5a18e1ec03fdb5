// graphql 17 publishes its work on diagnostics tracing channels, and the stock instrumentation
// patches graphql up to 16 only: src/sdk/graphql-channels.ts makes the spans. The operation's
// spans sit under the request's SERVER span; a resolver of the app's own gets a span, and a
// call it makes sits under it; an operation whose resolver throws is an error span; documents
// parsed outside a request start no trace.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compatCase } from '../cases.js';
import { installAliasedForApp } from '../support/aliased-install.js';
import { installedVersions } from '../support/installed.js';
import { startInstrumentedApp, spansUnderRequest } from '../support/instrumented-app.js';
import { SPAN_KIND } from '../support/telemetry.js';

const SCOPE = 'node-otel-stack/graphql-channels';

describe(`graphql 17 through ${installedVersions(compatCase('graphql-17').packages)}`, () => {
  let app;
  before(async () => {
    installAliasedForApp('graphql-17', 'graphql', 'graphql-17');
    app = await startInstrumentedApp('test/compat/apps/graphql-17/server.mjs');
    assert.deepEqual(await app.get('/graphql/user'), { result: { user: { id: '7', name: 'Ada' } } });
    assert.deepEqual(await app.get('/graphql/broken'), { result: { broken: null }, errors: ['resolver exploded'] });
  });
  after(async () => {
    await app?.stop();
  });

  test('validate, the operation and the app\'s resolver are spans under the SERVER span; the resolver\'s call sits under it', async () => {
    const { spans, trace } = await spansUnderRequest(app.receiver, '/graphql/user', SCOPE, { count: 3 });
    const byName = (name) => spans.find((span) => span.name === name);
    const execute = byName('query GetUser');
    const resolve = byName('graphql.resolve user');
    assert.ok(byName('graphql.validate') && execute && resolve, JSON.stringify(spans.map((span) => span.name)));
    assert.equal(execute.attributes['graphql.operation.type'], 'query');
    assert.equal(execute.attributes['graphql.operation.name'], 'GetUser');
    assert.equal(resolve.parentSpanId, execute.spanId, 'the resolver runs inside the operation');
    assert.equal(resolve.attributes['graphql.field.path'], 'user');
    assert.deepEqual(spans.filter((span) => /user\.(id|name)$/.test(span.name)), [], 'fields graphql reads off their parent get no span');
    const ping = trace.find((span) => span.kind === SPAN_KIND.CLIENT);
    assert.ok(ping, 'the resolver\'s fetch');
    assert.equal(ping.parentSpanId, resolve.spanId, 'the fetch sits under the resolver\'s span');
  });

  test('a resolver that throws makes the operation and its own span errors', async () => {
    const found = await app.receiver.waitFor((r) => r.spans().find((span) => span.name === 'query Broken'), { what: 'the Broken operation' });
    assert.equal(found.status?.code, 2, 'operation span status ERROR');
    assert.equal(found.status?.message, 'resolver exploded');
    const resolve = app.receiver.spans().find((span) => span.name === 'graphql.resolve broken');
    assert.ok(resolve);
    assert.equal(resolve.status?.code, 2);
    assert.ok(resolve.events?.some((event) => event.name === 'exception'), 'the exception recorded');
  });

  test('the stock instrumentation makes no spans for graphql 17, and parsing at start-up starts no trace', async () => {
    await app.receiver.waitFor((r) => r.spans().some((span) => span.name === 'query Broken'), { what: 'the spans' });
    const spans = app.receiver.spans();
    assert.deepEqual(spans.filter((span) => span.scope.name === '@opentelemetry/instrumentation-graphql').map((span) => span.name), []);
    assert.deepEqual(spans.filter((span) => span.scope.name === SCOPE && !span.parentSpanId).map((span) => span.name), [], 'graphql spans without a parent');
  });
});
