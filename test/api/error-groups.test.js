// Error groups as metrics: counted by type, fingerprint and handled; one sample series per
// group naming it; distinct users of the last hour per group (hashed, never a label, exact up
// to the cap); and the bound on groups per process, past which errors count under `other`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installTelemetry } from '../support/in-memory-telemetry.js';
import { createErrorGroups, MAX_GROUPS, MAX_USERS_PER_GROUP, OVERFLOW_FINGERPRINT, USERS_WINDOW_MS } from '../../dist/api/error-groups.js';

const telemetry = installTelemetry();
const occurrence = (fingerprint, userId, handled = true) => ({ type: 'RangeError', fingerprint, message: `stock for order <n> is negative (${fingerprint})`, handled, userId });

test('errors are counted by type, fingerprint and handled, with one sample series per group', async () => {
  const groups = createErrorGroups();
  groups.record(occurrence('aaaa000000000001', undefined));
  groups.record(occurrence('aaaa000000000001', undefined, false));
  groups.record(occurrence('aaaa000000000002', undefined));
  assert.equal(await telemetry.sum('app.errors', { error_fingerprint: 'aaaa000000000001', handled: 'true' }), 1);
  assert.equal(await telemetry.sum('app.errors', { error_fingerprint: 'aaaa000000000001', handled: 'false' }), 1);
  const samples = (await telemetry.points('app.errors.group')).filter((point) => point.attributes.error_fingerprint.startsWith('aaaa'));
  assert.deepEqual(samples.map((point) => point.attributes).sort((a, b) => a.error_fingerprint.localeCompare(b.error_fingerprint)), [
    { error_type: 'RangeError', error_fingerprint: 'aaaa000000000001', error_message: 'stock for order <n> is negative (aaaa000000000001)' },
    { error_type: 'RangeError', error_fingerprint: 'aaaa000000000002', error_message: 'stock for order <n> is negative (aaaa000000000002)' },
  ]);
});

test('distinct users per group over the last hour: repeats count once, old ones drop out, ids never appear', async () => {
  let now = 1_000_000;
  const groups = createErrorGroups(() => now);
  for (const user of ['u1', 'u2', 'u2', 'u3']) groups.record(occurrence('bbbb000000000001', user), now);
  const users = async () => (await telemetry.points('app.errors.users')).find((point) => point.attributes.error_fingerprint === 'bbbb000000000001')?.value;
  assert.equal(await users(), 3);
  now += USERS_WINDOW_MS - 1;
  groups.record(occurrence('bbbb000000000001', 'u4'), now);
  assert.equal(await users(), 4);
  now += 2; // u1..u3 are now more than an hour old
  assert.equal(await users(), 1);
  const everything = JSON.stringify(await telemetry.points('app.errors.users')) + JSON.stringify(await telemetry.points('app.errors'));
  for (const id of ['u1', 'u2', 'u3', 'u4']) assert.ok(!everything.includes(`"${id}"`), `${id} leaked into the metrics`);
});

test(`the user count is exact up to ${MAX_USERS_PER_GROUP} and stays there beyond`, async () => {
  const groups = createErrorGroups();
  for (let user = 0; user < MAX_USERS_PER_GROUP + 50; user++) groups.record(occurrence('cccc000000000001', `user-${user}`));
  const point = (await telemetry.points('app.errors.users')).find((p) => p.attributes.error_fingerprint === 'cccc000000000001');
  assert.equal(point.value, MAX_USERS_PER_GROUP);
});

test(`past ${MAX_GROUPS} groups in a process, errors count under "${OVERFLOW_FINGERPRINT}" and the overflow is counted`, async () => {
  const groups = createErrorGroups();
  for (let index = 0; index < MAX_GROUPS + 5; index++) groups.record(occurrence(`dddd${String(index).padStart(12, '0')}`, undefined));
  const counted = groups.record(occurrence('dddd-one-more', undefined));
  assert.equal(counted, OVERFLOW_FINGERPRINT);
  assert.equal(await telemetry.sum('app.errors', { error_fingerprint: OVERFLOW_FINGERPRINT }), 6);
  assert.equal(await telemetry.sum('app.errors.groups.overflow'), 6);
  const groupSeries = (await telemetry.points('app.errors.group')).filter((point) => point.attributes.error_fingerprint.startsWith('dddd'));
  assert.equal(groupSeries.length, MAX_GROUPS);
});
