// Runs one of test/compat/apps/ under the preload, exporting every trace to a receiver in the
// test, and answers the questions the data-store tests ask: the spans an instrumentation made
// inside one request, each checked to sit under that request's SERVER span.
import assert from 'node:assert/strict';
import { startApp } from '../../support/app-process.js';
import { attributesOf, startReceiver } from '../../support/otlp-receiver.js';
import { descendsFrom, serverSpanOf, spansOfTrace } from './telemetry.js';

/** Starts the receiver and the app; `stop()` ends both. */
export async function startInstrumentedApp(app, env = {}) {
  const receiver = await startReceiver();
  const started = await startApp(app, {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_SERVICE_NAME: 'compat-data', ...env },
  });
  return {
    app: started,
    receiver,
    /** GETs `path`, failing with the app's stderr unless it answers 200; resolves with the JSON. */
    async get(path) {
      const { status, body } = await started.get(path);
      assert.equal(status, 200, `${path} answered ${status}: ${body}\n${started.stderr}`);
      return JSON.parse(body);
    },
    async stop() {
      await started.stop('SIGKILL');
      await receiver.close();
    },
  };
}

/**
 * Waits for the SERVER span of the request to `path` and for `count` spans of the scope in its
 * trace; asserts every one of them descends from the SERVER span. Resolves with both.
 */
export async function spansUnderRequest(receiver, path, scope, { count = 1, what = scope } = {}) {
  const found = await receiver.waitFor((r) => {
    const server = serverSpanOf(r, path);
    if (!server) return undefined;
    const spans = spansOfTrace(r, server.traceId);
    const own = spans.filter((span) => span.scope.name === scope);
    return own.length >= count ? { server, own, spans } : undefined;
  }, { what: `${what} spans inside ${path}: ${JSON.stringify(receiver.spans().map((span) => [span.scope.name, span.name]))}` });
  for (const span of found.own) {
    assert.ok(descendsFrom(span, found.server, found.spans), `${span.name} (${scope}) descends from the SERVER span of ${path}`);
  }
  return { server: found.server, spans: found.own.map((span) => ({ ...span, attributes: attributesOf(span.attributes) })), trace: found.spans };
}
