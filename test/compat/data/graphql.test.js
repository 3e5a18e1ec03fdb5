// graphql and dataloader in the app: parse, validate and execute spans under the request's
// SERVER span, and the loader's load and batch spans in the same request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compatCase } from '../cases.js';
import { installedVersions } from '../support/installed.js';
import { startInstrumentedApp, spansUnderRequest } from '../support/instrumented-app.js';

describe(`graphql and dataloader through ${['graphql', 'dataloader'].map((id) => installedVersions(compatCase(id).packages)).join('; ')}`, () => {
  let app;
  before(async () => {
    app = await startInstrumentedApp('test/compat/apps/graphql.cjs');
    assert.deepEqual(await app.get('/graphql'), { result: { users: [{ id: '1', name: 'user 1' }, { id: '2', name: 'user 2' }] } });
  });
  after(async () => {
    await app?.stop();
  });

  test('graphql: parse, validate and execute spans under the SERVER span, with the operation', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/graphql', '@opentelemetry/instrumentation-graphql', { count: 3 });
    const names = spans.map((span) => span.name);
    for (const expected of ['graphql.parse', 'graphql.validate']) assert.ok(names.includes(expected), JSON.stringify(names));
    const execute = spans.find((span) => span.name.startsWith('query'));
    assert.ok(execute, `an execute span named after the operation: ${JSON.stringify(names)}`);
    assert.equal(execute.attributes['graphql.operation.type'], 'query');
  });

  test('dataloader: two loads and one batch, in the request\'s trace under its SERVER span', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/graphql', '@opentelemetry/instrumentation-dataloader', { count: 3 });
    const names = spans.map((span) => span.name);
    assert.equal(names.filter((name) => name.startsWith('dataloader.load')).length, 2, JSON.stringify(names));
    assert.equal(names.filter((name) => name.startsWith('dataloader.batch')).length, 1, JSON.stringify(names));
  });
});
