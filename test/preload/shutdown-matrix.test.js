// Shutdown under the preload is shutdown as without it: for each way real apps end (the
// packages they use installed for real), the app runs once bare and once under the preload.
// Same exit code or signal, within the bare time plus one second, the same cleanup callbacks,
// and the last request's span and log line at the collector.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startReceiver } from '../support/otlp-receiver.js';
import { runShutdownCase, SHUTDOWN_CASES } from '../support/shutdown-cases.js';
import { scaled } from '../support/timing.js';

const SLACK_MS = scaled(1_000);

for (const testCase of SHUTDOWN_CASES) {
  test(`${testCase.title}: ends under the preload exactly as bare, with the last request exported`, async () => {
    const bare = await runShutdownCase(testCase);
    assert.notEqual(bare.signal, 'SIGKILL', 'the fixture ends on its own when bare');
    const receiver = await startReceiver();
    try {
      const ours = await runShutdownCase(testCase, receiver);
      assert.deepEqual({ code: ours.code, signal: ours.signal }, { code: bare.code, signal: bare.signal }, ours.stderr);
      assert.ok(ours.elapsedMs <= bare.elapsedMs + SLACK_MS, `ended in ${ours.elapsedMs} ms, bare in ${bare.elapsedMs} ms`);
      assert.deepEqual(ours.cleanups, bare.cleanups, 'the same cleanup callbacks ran');
      assert.ok(ours.span, `the span of ${ours.lastPath} reached the collector`);
      assert.ok(ours.line, `the log line of ${ours.lastPath} reached the collector`);
      assert.equal(ours.line.traceId, ours.span.traceId);
    } finally {
      await receiver.close();
    }
  });
}
