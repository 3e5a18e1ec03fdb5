// gRPC (grpc-js), server and client in the app behind a node:http front: the call made inside
// a request is a CLIENT span under that request's SERVER span, the gRPC server's span continues
// the same trace (propagated in the call's metadata), and the handler's pino line carries it.
// gRPC answers raw HTTP/2 streams, which the preload's own server path leaves to the gRPC
// instrumentation: the call gets exactly one SERVER span.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compatCase } from '../cases.js';
import { installedVersions } from '../support/installed.js';
import { startInstrumentedApp, spansUnderRequest } from '../support/instrumented-app.js';
import { SPAN_KIND } from '../support/telemetry.js';

const SCOPE = '@opentelemetry/instrumentation-grpc';
const METHOD = 'grpc.shop.Users/GetUser';

describe(`gRPC through ${installedVersions(compatCase('grpc').packages)}`, () => {
  let app;
  before(async () => {
    app = await startInstrumentedApp('test/compat/apps/grpc.mjs');
    assert.deepEqual(await app.get('/users/7'), { result: 'Ada' });
    assert.equal((await app.app.get('/users/missing')).status, 404);
  });
  after(async () => {
    await app?.stop();
  });

  test('the call is a CLIENT span under the request, and the server\'s span continues its trace', async () => {
    const { server, spans } = await spansUnderRequest(app.receiver, '/users/7', SCOPE, { count: 2 });
    const client = spans.find((span) => span.kind === SPAN_KIND.CLIENT);
    const rpcServer = spans.find((span) => span.kind === SPAN_KIND.SERVER);
    assert.ok(client && rpcServer, JSON.stringify(spans.map((span) => [span.kind, span.name])));
    assert.equal(client.name, METHOD);
    assert.equal(rpcServer.name, METHOD);
    assert.equal(rpcServer.parentSpanId, client.spanId, 'the server span is the client span\'s child');
    assert.equal(client.attributes['rpc.system'], 'grpc');
    assert.equal(client.attributes['rpc.service'], 'shop.Users');
    assert.equal(client.attributes['rpc.method'], 'GetUser');
    assert.equal(client.attributes['rpc.grpc.status_code'], 0);
    assert.equal(rpcServer.attributes['rpc.grpc.status_code'], 0);

    const line = app.app.jsonLines().find((record) => record.msg === 'user looked up' && record.id === '7');
    assert.ok(line, 'the handler\'s pino line on stdout');
    assert.equal(line.trace_id, server.traceId);
    assert.equal(line.span_id, rpcServer.spanId, 'logged inside the gRPC server span');
    await app.receiver.waitFor((r) => r.logRecords().some((record) => record.traceId === server.traceId && record.body?.stringValue === 'user looked up'), { what: 'the handler\'s line exported in the request\'s trace' });
  });

  test('a NOT_FOUND answer is an error on the CLIENT span with its status code', async () => {
    const { spans } = await spansUnderRequest(app.receiver, '/users/missing', SCOPE, { count: 2 });
    const client = spans.find((span) => span.kind === SPAN_KIND.CLIENT);
    assert.ok(client);
    assert.equal(client.attributes['rpc.grpc.status_code'], 5);
    assert.equal(client.status?.code, 2, 'span status ERROR');
  });

  test('each call has exactly one SERVER span: the HTTP/2 stream gets none of the HTTP path\'s', async () => {
    const { server } = await spansUnderRequest(app.receiver, '/users/7', SCOPE, { count: 2 });
    const servers = app.receiver.spans().filter((span) => span.traceId === server.traceId && span.kind === SPAN_KIND.SERVER);
    assert.deepEqual(servers.map((span) => [span.scope.name, span.name]).sort(), [[SCOPE, METHOD], ['node-otel-stack', 'GET']].sort());
  });
});
