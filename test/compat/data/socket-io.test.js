// socket.io, server and client in the app: an emit inside a request is a PRODUCER span under
// that request's SERVER span.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compatCase } from '../cases.js';
import { installedVersions } from '../support/installed.js';
import { startInstrumentedApp, spansUnderRequest } from '../support/instrumented-app.js';
import { SPAN_KIND } from '../support/telemetry.js';

describe(`socket.io through ${installedVersions(compatCase('socket.io').packages)}`, () => {
  let app;
  before(async () => {
    app = await startInstrumentedApp('test/compat/apps/socket-io.mjs');
    assert.deepEqual(await app.get('/announce'), { result: 'compat' });
  });
  after(async () => {
    await app?.stop();
  });

  test('the emit is a PRODUCER span under the SERVER span, naming the event', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/announce', '@opentelemetry/instrumentation-socket.io');
    const emit = spans.find((span) => span.kind === SPAN_KIND.PRODUCER);
    assert.ok(emit, JSON.stringify(spans.map((span) => [span.kind, span.name])));
    assert.equal(emit.attributes['messaging.system'], 'socket.io');
    assert.equal(emit.attributes['messaging.socket.io.event_name'], 'news');
  });
});
