// The business figures a small team reads every morning, which only the application knows:
// active subscriptions by plan and the monthly recurring revenue they bring (read from the
// app at each metric collection), the steps of a funnel, and daily and monthly active users.
// Churn is computed from these and the subscription changes (docs/CONTRACT.md); revenue from
// recordPayment. Users are counted without their ids ever leaving the process (distinct-
// users.ts).
import { context, metrics, type ObservableResult } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { WARNING_CODES } from '../config/warnings.js';
import { checkLabel, MAX_DISTINCT_VALUES, rejectArgument } from './arguments.js';
import { DistinctUsers, hash32, type Period } from './distinct-users.js';
import { APP_METER, appInstruments } from './instruments.js';

export interface SubscriptionSnapshot {
  /** Active subscriptions by plan: { pro: 12, team: 3 }. */
  readonly active: Readonly<Record<string, number>>;
  /** Monthly recurring revenue by ISO 4217 currency, in the currency's major unit: { EUR: 207.5 }. */
  readonly monthlyRecurringRevenue?: Readonly<Record<string, number>>;
}

export type SubscriptionReader = () => SubscriptionSnapshot | Promise<SubscriptionSnapshot>;

/** Plans become label values: short names, never ids. */
const PLAN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

let reader: SubscriptionReader | undefined;
let subscriptionInstrumentsCreated = false;

/**
 * Tells the telemetry how to read the subscriptions: `read` runs at every metric collection
 * (every 15 s by default), typically one grouped query of the app's database, with tracing
 * suppressed so that it makes no spans. A later call replaces the reader. A reader that
 * throws or answers nonsense skips that collection (the last good values stand), with one
 * warning.
 */
export function observeSubscriptions(read: SubscriptionReader): void {
  if (typeof read !== 'function') {
    rejectArgument('observeSubscriptions.read', `observeSubscriptions: needs a function returning { active: { plan: count }, monthlyRecurringRevenue?: { currency: amount } }, got ${typeof read}`);
    return;
  }
  reader = read;
  if (subscriptionInstrumentsCreated) return;
  subscriptionInstrumentsCreated = true;
  const meter = metrics.getMeter(APP_METER);
  const active = meter.createObservableGauge('app.subscriptions.active', { description: 'Active subscriptions by plan, as the application reports them.', unit: '{subscription}' });
  const recurring = meter.createObservableGauge('app.revenue.monthly_recurring', { description: 'Monthly recurring revenue of the active subscriptions, by currency, in the currency\'s major unit.', unit: '{currency_unit}' });
  meter.addBatchObservableCallback(async (result) => {
    const snapshot = await readSnapshot();
    if (!snapshot) return;
    for (const [plan, count] of snapshot.active) result.observe(active, count, { plan });
    for (const [currency, amount] of snapshot.recurring) result.observe(recurring, amount, { currency });
  }, [active, recurring]);
}

async function readSnapshot(): Promise<{ active: [string, number][]; recurring: [string, number][] } | undefined> {
  let snapshot: SubscriptionSnapshot;
  try {
    // The reader's own queries are the telemetry's business, not the app's: no spans.
    snapshot = await context.with(suppressTracing(context.active()), reader!);
  } catch (error) {
    warnOnce('observeSubscriptions.throws', `observeSubscriptions: the reader threw (${(error as Error)?.message ?? String(error)}); that collection reports no subscriptions`);
    return undefined;
  }
  const active = entriesOf(snapshot?.active, 'active', (plan) => PLAN.test(plan));
  const recurring = entriesOf(snapshot?.monthlyRecurringRevenue ?? {}, 'monthlyRecurringRevenue', (currency) => /^[A-Z]{3}$/.test(currency));
  if (!active || !recurring) return undefined;
  return { active, recurring };
}

function entriesOf(record: unknown, field: string, validKey: (key: string) => boolean): [string, number][] | undefined {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    warnOnce(`observeSubscriptions.${field}`, `observeSubscriptions: the reader's ${field} must be an object of numbers, got ${describe(record)}`);
    return undefined;
  }
  const entries = Object.entries(record as Record<string, unknown>);
  if (entries.length > MAX_DISTINCT_VALUES) {
    warnOnce(`observeSubscriptions.${field}.size`, `observeSubscriptions: the reader's ${field} has ${entries.length} keys, more than ${MAX_DISTINCT_VALUES}: plans and currencies are categories`);
    return undefined;
  }
  for (const [key, value] of entries) {
    if (!validKey(key) || typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      warnOnce(`observeSubscriptions.${field}.entry`, `observeSubscriptions: ${field}.${key} = ${describe(value)} is not a count or amount of at least 0 under ${field === 'active' ? 'a plan name' : 'an ISO 4217 code such as EUR'}`);
      return undefined;
    }
  }
  return entries as [string, number][];
}

/** One step of a named funnel (`purchase`: `item_viewed`, `checkout_started`, `paid`). */
export function recordFunnelStep(funnel: string, step: string): void {
  if (!checkLabel('recordFunnelStep', 'funnel', funnel) || !checkLabel('recordFunnelStep', 'step', step)) return;
  appInstruments().funnelSteps.add(1, { funnel, step });
}

const activeUsers = new Map<Period, DistinctUsers>();
let activeUsersObserved = false;

/**
 * A signed-in user did something: counted once per UTC day and month in
 * `app_users_active{period}`. The id is hashed in memory and never exported. Each process
 * counts its own users, so where several instances serve the same people the sum over them
 * counts a user once per instance.
 */
export function recordActiveUser(userId: string | number): void {
  if ((typeof userId !== 'string' || userId === '') && (typeof userId !== 'number' || !Number.isFinite(userId))) {
    rejectArgument('recordActiveUser.userId', `recordActiveUser: userId must be a non-empty string or a number, got ${describe(userId)}`);
    return;
  }
  const now = Date.now();
  if (!activeUsersObserved) observeActiveUsers(now);
  const hash = hash32(String(userId));
  for (const users of activeUsers.values()) users.addHash(hash, now);
}

function observeActiveUsers(now: number): void {
  activeUsersObserved = true;
  activeUsers.set('day', new DistinctUsers('day', now));
  activeUsers.set('month', new DistinctUsers('month', now));
  metrics.getMeter(APP_METER)
    .createObservableGauge('app.users.active', { description: 'Distinct signed-in users in the current UTC day and month (estimated, about 1.6% error; ids never leave the process).', unit: '{user}' })
    .addCallback((result: ObservableResult) => {
      const at = Date.now();
      for (const [period, users] of activeUsers) result.observe(users.estimate(at), { period });
    });
}

const warned = new Set<string>();
/** The reader runs at collection time, off any request: a warning, never a throw. */
function warnOnce(kind: string, message: string): void {
  if (warned.has(kind)) return;
  warned.add(kind);
  process.emitWarning(`${message} (this warning is shown once)`, { code: WARNING_CODES.badArgument });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  return typeof value;
}
