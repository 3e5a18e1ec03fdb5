// The application API in process: each event records the contract's instrument and labels;
// bad arguments throw in development and are dropped with one warning in production.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { captureStdout, installTelemetry } from '../support/in-memory-telemetry.js';
import {
  recordFeatureUsage, recordLogin, recordPayment, recordSecurityEvent, recordSignup, recordSubscriptionChange,
  sessionEnded, sessionStarted, setOperationThreshold, TelemetryArgumentError, timeOperation,
} from '../../dist/index.js';
import { resetArgumentState } from '../../dist/api/arguments.js';
import { getRuntime, publishRuntime } from '../../dist/api/runtime.js';

const telemetry = installTelemetry();
let developmentRuntime;
before(() => { developmentRuntime = getRuntime(); });
after(() => publishRuntime(developmentRuntime));

function inEnvironment(environment) {
  resetArgumentState();
  publishRuntime({ ...developmentRuntime, config: { ...developmentRuntime.config, environment } });
}

test('each event records its contract instrument with its labels', async () => {
  inEnvironment('development');
  recordSignup({ userType: 'premium' });
  recordSignup();
  recordLogin({ outcome: 'success', userType: 'free' });
  recordLogin({ outcome: 'failure' });
  recordPayment({ outcome: 'failure' });
  recordPayment({ outcome: 'failure', reason: 'declined' });
  recordPayment({ outcome: 'failure', reason: 'error' });
  recordPayment({ outcome: 'success', amount: 19.99, currency: 'eur' });
  recordPayment({ outcome: 'success', amount: 5, currency: 'EUR' });
  recordPayment({ outcome: 'success' });
  recordSubscriptionChange({ change: 'upgraded' });
  recordFeatureUsage('ai_question');
  recordSecurityEvent('rate_limited');
  sessionStarted();
  sessionStarted();
  sessionEnded();
  assert.equal(await telemetry.sum('app.user.signups', { user_type: 'premium' }), 1);
  assert.equal(await telemetry.sum('app.user.signups', { user_type: 'free' }), 1);
  assert.equal(await telemetry.sum('app.user.logins', { outcome: 'success', user_type: 'free' }), 1);
  assert.equal(await telemetry.sum('app.user.logins', { outcome: 'failure', user_type: 'unknown' }), 1);
  // A failed login is also the security event login_failed.
  assert.equal(await telemetry.sum('app.security.events', { event: 'login_failed' }), 1);
  assert.equal(await telemetry.sum('app.security.events', { event: 'rate_limited' }), 1);
  // A failure without a reason is unknown: in the failure rate, never an error of ours.
  assert.equal(await telemetry.sum('app.payments', { outcome: 'failure', reason: 'unknown' }), 1);
  assert.equal(await telemetry.sum('app.payments', { outcome: 'failure', reason: 'declined' }), 1);
  assert.equal(await telemetry.sum('app.payments', { outcome: 'failure', reason: 'error' }), 1);
  assert.equal(await telemetry.sum('app.payments', { outcome: 'success' }), 3);
  assert.equal(await telemetry.sum('app.revenue', { currency: 'EUR' }), 24.99);
  assert.equal(await telemetry.sum('app.subscription.changes', { change: 'upgraded' }), 1);
  assert.equal(await telemetry.sum('app.feature.usage', { feature: 'ai_question' }), 1);
  assert.equal(await telemetry.sum('app.sessions.active'), 1);
});

test('in development a bad argument throws an error that says what is wrong', () => {
  inEnvironment('development');
  const cases = [
    [() => recordLogin({ outcome: 'ok' }), /outcome must be one of success, failure, got "ok"/],
    [() => recordLogin(), /recordLogin: needs an options object such as \{ outcome: 'success' \}/],
    [() => recordLogin({}), /outcome must be a non-empty string, got undefined$/],
    [() => recordPayment({ outcome: 'declined' }), /outcome must be one of/],
    [() => recordPayment({ outcome: 'failure', reason: 'card_expired' }), /reason must be one of declined, error, got "card_expired"/],
    [() => recordPayment({ outcome: 'success', reason: 'declined' }), /reason belongs to a failed payment/],
    [() => recordPayment({ outcome: 'failure', reason: 'error', amount: 10, currency: 'EUR' }), /amount and currency belong to a successful payment/],
    [() => recordPayment({ outcome: 'success', amount: 10 }), /currency must be an ISO 4217 code such as EUR or USD, got undefined/],
    [() => recordPayment({ outcome: 'success', amount: -1, currency: 'EUR' }), /amount must be a finite number of at least 0/],
    [() => recordPayment({ outcome: 'success', amount: '10', currency: 'EUR' }), /got "10"/],
    [() => recordPayment({ outcome: 'success', amount: 10, currency: 'euro' }), /ISO 4217 code such as EUR or USD, got "euro"/],
    [() => recordSubscriptionChange({ change: 'paused' }), /change must be one of created, upgraded, downgraded, cancelled/],
    [() => recordSecurityEvent('sql_injection'), /event must be one of login_failed/],
    [() => recordFeatureUsage(''), /feature must be a non-empty string/],
    [() => recordFeatureUsage(42), /got number 42/],
    [() => recordSignup({ userType: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' }), /looks like a UUID/],
    [() => recordSignup({ userType: 'ann@example.test' }), /looks like an e-mail address/],
    [() => recordFeatureUsage('user_1234567'), /looks like a long number/],
    [() => recordFeatureUsage('x'.repeat(65)), /at most 64 characters/],
  ];
  for (const [call, message] of cases) assert.throws(call, (error) => error instanceof TelemetryArgumentError && message.test(error.message), String(message));
});

test('a label past 50 distinct values is refused: cardinality stays bounded', async () => {
  inEnvironment('test');
  for (let index = 0; index < 50; index++) recordFeatureUsage(`feature_${String.fromCharCode(97 + (index % 26))}${Math.floor(index / 26)}`);
  assert.throws(() => recordFeatureUsage('one_too_many'), /already has 50 distinct values/);
  recordFeatureUsage('feature_a0'); // a value already seen is still fine
});

test('in production a bad argument is dropped with a single warning', async () => {
  inEnvironment('production');
  const warnings = [];
  const onWarning = (warning) => warnings.push(warning);
  process.on('warning', onWarning);
  const before = await telemetry.sum('app.payments');
  const lines = await captureStdout(async () => {
    recordPayment({ outcome: 'declined' });
    recordPayment({ outcome: 'declined' });
    recordPayment({ outcome: 'refunded' });
    await new Promise((resolve) => setImmediate(resolve));
  });
  process.off('warning', onWarning);
  assert.equal(await telemetry.sum('app.payments'), before, 'nothing recorded');
  assert.equal(warnings.length, 1, warnings.map(String).join('\n'));
  assert.equal(warnings[0].code, 'OBS_BAD_ARGUMENT');
  assert.match(warnings[0].message, /outcome must be one of success, failure, got "declined"; the measurement is dropped/);
  assert.equal(lines.filter((line) => line.msg === 'telemetry API misuse').length, 1);
});

test('timeOperation records duration and outcome, rethrows, and warns past the threshold', async () => {
  inEnvironment('development');
  setOperationThreshold('ai_question', 20);
  const lines = await captureStdout(async () => {
    assert.equal(await timeOperation('ai_question', async () => 'answer'), 'answer');
    await assert.rejects(timeOperation('ai_question', async () => { throw new Error('model down'); }), /model down/);
    await timeOperation('ai_question', () => new Promise((resolve) => setTimeout(resolve, 40)));
    await timeOperation('pdf_export', () => 'sync result', { thresholdMs: 1000 });
  });
  const points = await telemetry.points('app.operation.duration');
  const count = (operation, outcome) => points.filter((p) => p.attributes.operation === operation && p.attributes.outcome === outcome).reduce((n, p) => n + p.value.count, 0);
  assert.equal(count('ai_question', 'success'), 2);
  assert.equal(count('ai_question', 'failure'), 1);
  assert.equal(count('pdf_export', 'success'), 1);
  const slow = lines.filter((line) => line.msg === 'slow operation ai_question');
  assert.equal(slow.length, 1, JSON.stringify(lines));
  assert.equal(slow[0].level, 'warn');
  assert.equal(slow[0].threshold_ms, 20);
  assert.ok(slow[0].duration_ms >= 40);
  assert.throws(() => setOperationThreshold('ai_question', -1), /thresholdMs must be a positive number/);
  await assert.rejects(timeOperation('x', 'not a function'), /second argument must be a function/);
});
