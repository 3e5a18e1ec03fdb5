// Shutdown under the preload is shutdown as without it: for each way real apps end (the
// packages they use installed for real), the app runs once bare and once under the preload.
// Same exit code or signal, within the bare time plus one second, the same cleanup callbacks,
// and the last request's span and log line at the collector.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { attributesOf, startReceiver } from '../support/otlp-receiver.js';

const FIXTURE = 'test/fixtures/shutdown-app.cjs';
const SLACK_MS = 1_000;

const signal = (name) => async (app) => void app.child.kill(name);
const request = (path) => async (app) => void (await app.get(path));

/** mode: how the fixture ends; last: the last request; end: what the test does to end it. */
const CASES = [
  { mode: 'none', end: signal('SIGTERM') },
  { mode: 'none', title: 'none (SIGINT)', end: signal('SIGINT') },
  { mode: 'signal-exit-3', end: signal('SIGTERM') },
  { mode: 'signal-exit-4', end: signal('SIGTERM') },
  { mode: 'close-with-grace', end: signal('SIGTERM') },
  { mode: 'terminus', end: signal('SIGTERM') },
  { mode: 'own-handler', end: signal('SIGTERM') },
  {
    mode: 'ignore-first',
    end: async (app) => {
      app.child.kill('SIGTERM');
      await waitFor(() => app.stdout.includes('"ignore-first 1"'), 'the first SIGTERM to be ignored');
      app.child.kill('SIGTERM');
    },
  },
  { mode: 'sigint-once', end: signal('SIGINT') },
  { mode: 'uncaught', last: '/crash', end: request('/crash') },
  { mode: 'exit-timer', last: '/exit', end: request('/exit') },
];

async function waitFor(predicate, what, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Serves one request (unless the ending is itself the last request), ends the app, times it. */
async function runOnce({ mode, last, end }, { preload, receiver }) {
  const app = await startApp(FIXTURE, {
    args: preload ? ['--import', './instrument'] : [],
    env: {
      SHUTDOWN: mode,
      ...(preload ? { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: `shutdown-${mode}`, OTEL_METRIC_EXPORT_INTERVAL: '600000' } : {}),
    },
  });
  app.child.ref(); // held while we wait, or Node 22's runner may see an empty event loop
  const lastPath = last ?? `/last-${mode}`;
  if (!last) assert.equal((await app.get(lastPath)).status, 200);
  const started = Date.now();
  await end(app);
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 15_000);
  const { code, signal: endedBy } = await app.exited;
  clearTimeout(timer);
  const cleanups = app.jsonLines().filter((line) => 'cleanup' in line).map((line) => line.cleanup);
  return { code, signal: endedBy, elapsedMs: Date.now() - started, cleanups, lastPath, stderr: app.stderr };
}

for (const testCase of CASES) {
  test(`${testCase.title ?? testCase.mode}: ends under the preload exactly as bare, with the last request exported`, async () => {
    const bare = await runOnce(testCase, { preload: false });
    assert.notEqual(bare.signal, 'SIGKILL', 'the fixture ends on its own when bare');
    const receiver = await startReceiver();
    try {
      const ours = await runOnce(testCase, { preload: true, receiver });
      assert.deepEqual({ code: ours.code, signal: ours.signal }, { code: bare.code, signal: bare.signal }, ours.stderr);
      assert.ok(ours.elapsedMs <= bare.elapsedMs + SLACK_MS, `ended in ${ours.elapsedMs} ms, bare in ${bare.elapsedMs} ms`);
      assert.deepEqual(ours.cleanups, bare.cleanups, 'the same cleanup callbacks ran');
      const span = receiver.spans().find((s) => attributesOf(s.attributes)['url.path'] === ours.lastPath);
      assert.ok(span, `the span of ${ours.lastPath} reached the collector`);
      const line = receiver.logRecords().find((record) => attributesOf(record.attributes).path === ours.lastPath);
      assert.ok(line, `the log line of ${ours.lastPath} reached the collector`);
      assert.equal(line.traceId, span.traceId);
    } finally {
      await receiver.close();
    }
  });
}
