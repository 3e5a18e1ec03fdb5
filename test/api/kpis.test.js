// The KPI functions of the application API in process: subscriptions and MRR read from the
// app at collection time (with its queries untraced), funnel steps, and distinct active users
// per UTC day and month, estimated without keeping the ids.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { trace } from '@opentelemetry/api';
import { installTelemetry } from '../support/in-memory-telemetry.js';
import { observeSubscriptions, recordActiveUser, recordFunnelStep, TelemetryArgumentError } from '../../dist/index.js';
import { DistinctUsers, hash32, periodKey } from '../../dist/api/distinct-users.js';
import { resetArgumentState } from '../../dist/api/arguments.js';
import { getRuntime, publishRuntime } from '../../dist/api/runtime.js';

const telemetry = installTelemetry();
let developmentRuntime;
before(() => { developmentRuntime = getRuntime(); });
after(() => publishRuntime(developmentRuntime));

const pointsOf = async (name) => (await telemetry.points(name)).map((point) => [point.attributes, point.value]);

test('subscriptions and MRR are read from the app at each collection, with tracing suppressed for its queries', async () => {
  let active = { pro: 3, team: 1 };
  const spansBefore = telemetry.spans().length;
  observeSubscriptions(async () => {
    // A query of the app's: under suppressed tracing, the span it starts is not recorded.
    trace.getTracer('db').startActiveSpan('SELECT plans', (span) => span.end());
    return { active, monthlyRecurringRevenue: { EUR: active.pro * 9 + active.team * 29 } };
  });
  assert.deepEqual(await pointsOf('app.subscriptions.active'), [[{ plan: 'pro' }, 3], [{ plan: 'team' }, 1]]);
  assert.deepEqual(await pointsOf('app.revenue.monthly_recurring'), [[{ currency: 'EUR' }, 56]]);
  assert.equal(telemetry.spans().length, spansBefore, 'the reader\'s query made no span');
  active = { pro: 4, team: 1 };
  assert.deepEqual(await pointsOf('app.subscriptions.active'), [[{ plan: 'pro' }, 4], [{ plan: 'team' }, 1]]);
});

test('a reader that throws or answers nonsense skips that collection (the last good values stand) with one warning naming what is wrong', async () => {
  const lastGood = [[{ plan: 'pro' }, 4], [{ plan: 'team' }, 1]];
  const warnings = [];
  const onWarning = (warning) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    observeSubscriptions(() => { throw new Error('database down'); });
    assert.deepEqual(await pointsOf('app.subscriptions.active'), lastGood);
    assert.deepEqual(await pointsOf('app.subscriptions.active'), lastGood);
    observeSubscriptions(() => ({ active: { pro: -1 } }));
    assert.deepEqual(await pointsOf('app.subscriptions.active'), lastGood);
    observeSubscriptions(() => ({ active: { 'ann@example.test': 1 } }));
    assert.deepEqual(await pointsOf('app.subscriptions.active'), lastGood);
    observeSubscriptions(() => ({ active: { pro: 1 }, monthlyRecurringRevenue: { euro: 9 } }));
    assert.deepEqual(await pointsOf('app.revenue.monthly_recurring'), [[{ currency: 'EUR' }, 65]]);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  const messages = warnings.map((warning) => warning.message);
  assert.equal(messages.filter((message) => message.includes('database down')).length, 1, messages.join('\n'));
  assert.ok(messages.some((message) => /active\.pro = -1 is not a count or amount of at least 0 under a plan name/.test(message)), messages.join('\n'));
  assert.ok(messages.some((message) => /monthlyRecurringRevenue\.euro = 9 .* ISO 4217/.test(message)), messages.join('\n'));
  assert.ok(warnings.every((warning) => warning.code === 'OBS_BAD_ARGUMENT'));
});

test('funnel steps are counted by funnel and step; a bad name is refused like any label', async () => {
  resetArgumentState();
  publishRuntime({ ...developmentRuntime, config: { ...developmentRuntime.config, environment: 'development' } });
  recordFunnelStep('purchase', 'item_viewed');
  recordFunnelStep('purchase', 'item_viewed');
  recordFunnelStep('purchase', 'paid');
  assert.equal(await telemetry.sum('app.funnel.steps', { funnel: 'purchase', step: 'item_viewed' }), 2);
  assert.equal(await telemetry.sum('app.funnel.steps', { funnel: 'purchase', step: 'paid' }), 1);
  assert.throws(() => recordFunnelStep('purchase', ''), (error) => error instanceof TelemetryArgumentError && /step must be a non-empty string/.test(error.message));
  assert.throws(() => recordFunnelStep('user-48213377', 'paid'), /looks like a long number/);
});

test('active users: each user once per day and month, ids never in the telemetry', async () => {
  for (const id of [1, 2, 3, 2, 1, 'u-7', 'u-7']) recordActiveUser(id);
  const points = await pointsOf('app.users.active');
  assert.deepEqual(points.sort(), [[{ period: 'day' }, 4], [{ period: 'month' }, 4]]);
  assert.ok(points.every(([attributes]) => Object.keys(attributes).join() === 'period'));
  assert.throws(() => recordActiveUser(''), /userId must be a non-empty string or a number, got ""/);
  assert.throws(() => recordActiveUser({ id: 1 }), /got object/);
});

test('the distinct-user estimate is exact for a few users, within 3% for many, and starts afresh each UTC period', () => {
  const start = Date.UTC(2026, 10, 29, 23, 0);
  const day = new DistinctUsers('day', start);
  for (let user = 0; user < 40; user++) day.add(`user-${user}`, start);
  for (let user = 0; user < 40; user++) day.add(`user-${user}`, start);
  assert.equal(day.estimate(start), 40);
  for (let user = 40; user < 100_000; user++) day.add(`user-${user}`, start);
  const many = day.estimate(start);
  assert.ok(Math.abs(many - 100_000) / 100_000 < 0.03, `${many} for 100,000 users`);
  const nextDay = start + 2 * 3600_000;
  assert.equal(day.estimate(nextDay), 0, 'a new UTC day starts from zero');
  day.add('user-1', nextDay);
  assert.equal(day.estimate(nextDay), 1);
  assert.equal(periodKey('day', start), '2026-11-29');
  assert.equal(periodKey('month', start), '2026-11');
  const month = new DistinctUsers('month', start);
  month.add('user-1', start);
  assert.equal(month.estimate(nextDay), 1, 'the same month goes on past midnight');
  assert.equal(month.estimate(Date.UTC(2026, 11, 1)), 0, 'and starts again in December');
  assert.notEqual(hash32('1'), hash32('2'));
});
