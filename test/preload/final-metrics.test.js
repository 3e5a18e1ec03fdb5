// An application that ends through process.exit() (from a timer, or from its own SIGTERM
// listener at once) leaves no turn of the event loop for an asynchronous metric collection.
// Its metrics' last values still reach the collector: the preload's synchronous flush takes
// the last collection with it. The export interval is ten minutes, so nothing would have gone
// out periodically.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runToEnd } from '../support/app-process.js';
import { startReceiver } from '../support/otlp-receiver.js';

const FIXTURE = 'test/fixtures/exit-at-once-app.mjs';

function run(receiver, env) {
  return runToEnd(FIXTURE, {
    args: ['--import', './instrument'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '600000', ...env },
  });
}

/** The latest value of a cumulative sum, from what the receiver holds. */
function lastSum(receiver, name) {
  const points = receiver.metrics().filter((metric) => metric.name === name).flatMap((metric) => metric.sum?.dataPoints ?? []);
  return points.length === 0 ? undefined : Number(points.at(-1).asInt ?? points.at(-1).asDouble);
}

test('process.exit() from a timer: the counter\'s final value is exported and the exit code kept', async () => {
  const receiver = await startReceiver();
  try {
    const ended = await run(receiver, { ENDING: 'timer', EXIT_CODE: '7' });
    assert.deepEqual([ended.code, ended.signal], [7, null]);
    assert.equal(ended.stderr, '');
    assert.equal(lastSum(receiver, 'fixture.items.processed'), 42);
  } finally {
    await receiver.close();
  }
});

test('a SIGTERM listener that exits at once: the counter and the request duration are exported', async () => {
  const receiver = await startReceiver();
  try {
    const ended = await run(receiver, { ENDING: 'signal' });
    assert.deepEqual([ended.code, ended.signal], [0, null]);
    assert.equal(ended.stderr, '');
    assert.equal(lastSum(receiver, 'fixture.items.processed'), 1);
    const durations = receiver.metrics().filter((metric) => metric.name === 'http.server.request.duration').flatMap((metric) => metric.histogram.dataPoints);
    assert.ok(durations.some((point) => Number(point.count) === 1), 'the request\'s duration was exported');
  } finally {
    await receiver.close();
  }
});
