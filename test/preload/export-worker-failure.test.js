// If the export worker cannot start or dies, the application goes on untouched: it keeps
// answering, says so in one coded warning, and ends as it would have without the preload.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { startReceiver } from '../support/otlp-receiver.js';
import { eventually, scaled } from '../support/timing.js';

for (const [mode, cause] of [['refuse', /could not start \(no threads available here\)/], ['crash', /failed \(the export worker crashed on purpose\)/]]) {
  test(`an export worker that ${mode === 'refuse' ? 'cannot start' : 'dies'}: one warning, the app answers and ends as bare`, async () => {
    const receiver = await startReceiver();
    const app = await startApp('test/fixtures/cjs-app.cjs', {
      args: ['--import', './test/fixtures/broken-worker-threads.mjs', '--import', './instrument'],
      env: { BROKEN_WORKERS: mode, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
    try {
      for (let index = 0; index < 20; index++) assert.equal((await app.get(`/items/${index}`)).status, 200);
      await eventually(() => app.stderr.includes('[OBS_EXPORT_WORKER]'), 'the warning (a crash is reported asynchronously)');
      // pino's default stdout is asynchronous: wait for the lines before the signal, as a
      // bare app would lose the same unwritten ones to it.
      await eventually(() => app.jsonLines().filter((line) => line.msg === 'handled').length === 20, 'the app logged every request');
      const ended = await app.stop('SIGTERM');
      assert.deepEqual({ code: ended.code, signal: ended.signal }, { code: null, signal: 'SIGTERM' });
      assert.ok(ended.elapsedMs < scaled(1_000), `ended ${ended.elapsedMs} ms after SIGTERM`);
      const warnings = app.stderr.split('\n').filter((line) => line.includes('[OBS_EXPORT_WORKER]'));
      assert.equal(warnings.length, 1, app.stderr);
      assert.match(warnings[0], cause);
      assert.match(warnings[0], /telemetry export is off, the application runs on/);
      assert.equal(receiver.requests.length, 0, 'nothing was exported');
    } finally {
      await receiver.close();
    }
  });
}
