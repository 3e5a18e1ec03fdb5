// The export worker gives way to the application: on Linux its thread runs ten nice steps
// below the application's threads, and telemetry still arrives.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { startReceiver } from '../support/otlp-receiver.js';
import { eventually } from '../support/timing.js';

/** Every thread of a process: id, name (Node 24 names worker threads) and nice value. */
function threadsOf(pid) {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after the parenthesised name start at field 3 (state); nice is field 19.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { tid: Number(tid), name: readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(), nice: Number(fields[16]) };
  });
}

test('the export worker runs ten nice steps below the application, and still exports', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/cjs-app.cjs', {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_SAMPLER: 'always_on' },
  });
  try {
    const mainNice = () => threadsOf(app.pid).find((thread) => thread.tid === app.pid).nice;
    const lowered = () => threadsOf(app.pid).filter((thread) => thread.nice === Math.min(19, mainNice() + 10));
    await eventually(() => lowered().length === 1, 'one thread of the app at the main thread\'s nice + 10');
    // Only the worker: the event loop and V8's and libuv's helper threads keep the app's priority.
    const others = threadsOf(app.pid).filter((thread) => thread.nice !== mainNice());
    assert.deepEqual(others.map((thread) => thread.tid), lowered().map((thread) => thread.tid));
    const [worker] = lowered();
    // Node 24 names worker threads; Node 22 leaves the thread unnamed.
    if (Number(process.versions.node.split('.')[0]) >= 24) assert.equal(worker.name, 'obs-export');

    assert.equal((await app.get('/items/7')).status, 200);
    await eventually(() => receiver.spans().some((span) => span.kind === 2), 'the request\'s SERVER span, exported by the lowered worker');
  } finally {
    await app.stop('SIGTERM');
    await receiver.close();
  }
});
