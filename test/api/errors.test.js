// captureError in process: where the error is recorded, how it is counted and logged, that
// its fingerprint groups the same bug and separates different ones, and that secrets in the
// message never reach the span or the log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { captureStdout, installTelemetry } from '../support/in-memory-telemetry.js';
import { captureError, TelemetryArgumentError } from '../../dist/index.js';
import { fingerprintOf, normaliseMessage, topApplicationFrame } from '../../dist/api/fingerprint.js';

const telemetry = installTelemetry();

function failAt(id) {
  return new RangeError(`order ${id} has quantity 12 > stock 3 for "ann"`);
}

test('the same bug with different ids groups together; another place or type does not', () => {
  assert.equal(normaliseMessage('order 123 failed for "bob" at 0xdeadbeef'), 'order <n> failed for <str> at <hex>');
  const first = failAt(17);
  const second = failAt(99_999);
  const fp = (error) => fingerprintOf(error.name, error.message, error.stack);
  assert.equal(fp(first), fp(second));
  const elsewhere = (() => new RangeError(first.message))();
  assert.notEqual(fp(first), fingerprintOf('RangeError', first.message, elsewhere.stack.replace(/failAt/g, 'other')));
  assert.notEqual(fp(first), fingerprintOf('TypeError', first.message, first.stack));
  assert.match(topApplicationFrame(first.stack), /^failAt \(test\/api\/errors\.test\.js\)$/);
});

test('records the error on the active span, counts it by type and logs it with fingerprint, release and user id', async () => {
  const tracer = telemetry.tracer();
  let captured;
  const lines = await captureStdout(() => tracer.startActiveSpan('checkout', (span) => {
    captured = captureError(new TypeError('card 4242 4242 4242 4242 of ann@example.test refused'), { userId: 42 });
    span.end();
  }));
  const span = telemetry.spans().find((s) => s.name === 'checkout');
  const event = span.events.find((e) => e.name === 'exception');
  assert.equal(span.status.code, 2);
  assert.equal(event.attributes['exception.type'], 'TypeError');
  assert.equal(event.attributes['error.fingerprint'], captured.fingerprint);
  assert.equal(event.attributes['enduser.id'], '42');
  for (const value of [event.attributes['exception.message'], event.attributes['exception.stacktrace'], span.status.message]) {
    assert.ok(!value.includes('4242 4242') && !value.includes('ann@example.test'), value);
  }
  assert.ok(await telemetry.sum('app.errors', { error_type: 'TypeError' }) >= 1);
  const [line] = lines.filter((l) => l['error.fingerprint'] === captured.fingerprint);
  assert.equal(line.level, 'error');
  assert.equal(line['error.type'], 'TypeError');
  assert.equal(line['enduser.id'], '42');
  assert.equal(line.trace_id, span.spanContext().traceId);
  assert.ok('service.version' in line && 'deployment.environment.name' in line);
  assert.ok(!JSON.stringify(line).includes('ann@example.test'));
  const record = telemetry.logRecords().find((r) => r.attributes['error.fingerprint'] === captured.fingerprint);
  assert.equal(record.severityText, 'error');
  assert.equal(record.spanContext.traceId, span.spanContext().traceId);
});

test('without an active span the error gets a span of its own; non-errors are captured too', async () => {
  await captureStdout(() => context.with(trace.deleteSpan(context.active()), () => {
    captureError('plain string failure');
  }));
  const span = telemetry.spans().find((s) => s.name === 'error NonError');
  assert.ok(span, telemetry.spans().map((s) => s.name).join(', '));
  assert.equal(span.events[0].attributes['exception.message'], 'plain string failure');
});

test('a bad user id is refused with a clear error', () => {
  assert.throws(() => captureError(new Error('x'), { userId: { email: 'a@b.c' } }), (error) => error instanceof TelemetryArgumentError && /userId must be a string or a number, got object/.test(error.message));
});
