// generic-pool and lru-memoizer in an ES-module app: an acquire is a span under the request's
// SERVER span; callers that share one memoized load each get their callback in their own trace
// (without the instrumentation, every callback would run in the trace of the first caller).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compatCase } from '../cases.js';
import { installedVersions } from '../support/installed.js';
import { startInstrumentedApp, spansUnderRequest } from '../support/instrumented-app.js';
import { eventually } from '../../support/timing.js';

describe(`generic-pool and lru-memoizer through ${['generic-pool', 'lru-memoizer'].map((id) => installedVersions(compatCase(id).packages)).join('; ')}`, () => {
  let app;
  before(async () => {
    app = await startInstrumentedApp('test/compat/apps/helpers.mjs');
    assert.deepEqual(await app.get('/pool'), { result: 'compat' });
    // Concurrent: the second and third callers wait on the first caller's load.
    const answers = await Promise.all([1, 2, 3].map((caller) => app.get(`/memoized?caller=${caller}`)));
    assert.deepEqual(answers, [1, 2, 3].map(() => ({ result: 'dark' })));
  });
  after(async () => {
    await app?.stop();
  });

  test('generic-pool: the acquire is a span under the SERVER span', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/pool', '@opentelemetry/instrumentation-generic-pool');
    assert.equal(spans[0].name, 'generic-pool.acquire');
  });

  test('lru-memoizer: each caller\'s callback runs in its own request\'s trace', async () => {
    const servers = await app.receiver.waitFor((r) => {
      const found = r.spans().filter((span) => span.kind === 2 && span.attributes.some((each) => each.key === 'url.path' && each.value.stringValue === '/memoized'));
      return found.length === 3 ? found : undefined;
    }, { what: 'the three /memoized SERVER spans' });
    const linesLogged = () => app.app.jsonLines().filter((line) => line.msg === 'settings loaded');
    const lines = await eventually(() => (linesLogged().length === 3 ? linesLogged() : undefined), 'the three callbacks\' pino lines');
    assert.deepEqual(lines.map((line) => line.trace_id).sort(), servers.map((span) => span.traceId).sort(), 'one line in each request\'s trace');
  });
});
