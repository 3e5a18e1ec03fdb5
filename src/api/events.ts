// Business and security events: what auto-instrumentation cannot know. Each function records
// one series of docs/CONTRACT.md; labels are checked (src/api/arguments.ts) so a user id or
// an e-mail address can never become a label value.
import { checkLabel, rejectArgument } from './arguments.js';
import { appInstruments } from './instruments.js';

export const OUTCOMES = Object.freeze(['success', 'failure'] as const);
export const SUBSCRIPTION_CHANGES = Object.freeze(['created', 'upgraded', 'downgraded', 'cancelled'] as const);
export const SECURITY_EVENTS = Object.freeze(['login_failed', 'rate_limited', 'csrf_failed', 'access_denied'] as const);
/** Why a payment failed: the customer's card or bank refused it, or we or the processor did. */
export const PAYMENT_FAILURE_REASONS = Object.freeze(['declined', 'error'] as const);
/** A failure recorded without a reason: counted in the failure rate, never as an error of ours. */
const UNKNOWN_REASON = 'unknown';

export type Outcome = (typeof OUTCOMES)[number];
export type SubscriptionChange = (typeof SUBSCRIPTION_CHANGES)[number];
export type SecurityEvent = (typeof SECURITY_EVENTS)[number];
export type PaymentFailureReason = (typeof PAYMENT_FAILURE_REASONS)[number];
export type PaymentInput =
  | { outcome: 'success'; amount?: number; currency?: string }
  | { outcome: 'failure'; reason?: PaymentFailureReason };

function options(name: string, value: unknown, example?: string): Record<string, unknown> | undefined {
  if (value === undefined && example === undefined) return {};
  if (value === undefined) {
    rejectArgument(`${name}.options`, `${name}: needs an options object such as ${example}`);
    return undefined;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  rejectArgument(`${name}.options`, `${name}: the argument must be an options object, got ${value === null ? 'null' : typeof value}`);
  return undefined;
}

/** A user signed up. `userType` is a category such as the plan (default `free`). */
export function recordSignup(input?: { userType?: string }): void {
  const values = options('recordSignup', input);
  if (!values) return;
  const userType = values.userType ?? 'free';
  if (!checkLabel('recordSignup', 'userType', userType)) return;
  appInstruments().signups.add(1, { user_type: userType });
}

/**
 * A login attempt. A failure also counts as the security event `login_failed`, so failed
 * logins need one call, not two.
 */
export function recordLogin(input: { outcome: Outcome; userType?: string }): void {
  const values = options('recordLogin', input, "{ outcome: 'success' }");
  if (!values) return;
  const { outcome, userType = 'unknown' } = values;
  if (!checkLabel('recordLogin', 'outcome', outcome, OUTCOMES) || !checkLabel('recordLogin', 'userType', userType)) return;
  appInstruments().logins.add(1, { outcome, user_type: userType });
  if (outcome === 'failure') appInstruments().securityEvents.add(1, { event: 'login_failed' });
}

/**
 * A payment attempt. A failure says why, `declined` (the customer's card or bank refused it)
 * or `error` (ours or the processor's: a timeout, a 5xx, a bug), so that the alerts can page
 * on sustained errors and on more failures than declines explain; without a reason it counts
 * as `unknown`. A success may carry its amount (in the currency's major unit, 19.99) and its
 * ISO 4217 currency code, which add to the revenue by currency.
 */
export function recordPayment(input: PaymentInput): void {
  const values = options('recordPayment', input, "{ outcome: 'success' }");
  if (!values || !checkLabel('recordPayment', 'outcome', values.outcome, OUTCOMES)) return;
  if (values.outcome === 'failure') {
    if (values.amount !== undefined || values.currency !== undefined) {
      rejectArgument('recordPayment.revenue', 'recordPayment: amount and currency belong to a successful payment, not a failure');
      return;
    }
    const reason = values.reason ?? UNKNOWN_REASON;
    if (reason !== UNKNOWN_REASON && !checkLabel('recordPayment', 'reason', reason, PAYMENT_FAILURE_REASONS)) return;
    appInstruments().payments.add(1, { outcome: 'failure', reason: reason as string });
    return;
  }
  if (values.reason !== undefined) {
    rejectArgument('recordPayment.reason', 'recordPayment: reason belongs to a failed payment, not a success');
    return;
  }
  const revenue = revenueOf(values.amount, values.currency);
  if (revenue === false) return;
  appInstruments().payments.add(1, { outcome: 'success' });
  if (revenue) appInstruments().revenue.add(revenue.amount, { currency: revenue.currency });
}

/** The amount and currency of a success: both or neither; false (after rejecting) when wrong. */
function revenueOf(amount: unknown, currency: unknown): { amount: number; currency: string } | undefined | false {
  if (amount === undefined && currency === undefined) return undefined;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    return rejectArgument('recordPayment.amount', `recordPayment: amount must be a finite number of at least 0 (in the currency's major unit, 19.99), got ${JSON.stringify(amount) ?? String(amount)}`);
  }
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency)) {
    return rejectArgument('recordPayment.currency', `recordPayment: currency must be an ISO 4217 code such as EUR or USD, got ${JSON.stringify(currency) ?? String(currency)}`);
  }
  return { amount, currency: currency.toUpperCase() };
}

export function recordSubscriptionChange(input: { change: SubscriptionChange }): void {
  const values = options('recordSubscriptionChange', input, "{ change: 'upgraded' }");
  if (!values || !checkLabel('recordSubscriptionChange', 'change', values.change, SUBSCRIPTION_CHANGES)) return;
  appInstruments().subscriptionChanges.add(1, { change: values.change });
}

/** One use of a named feature (`ai_question`, `export_pdf`, ...). */
export function recordFeatureUsage(feature: string): void {
  if (!checkLabel('recordFeatureUsage', 'feature', feature)) return;
  appInstruments().featureUsage.add(1, { feature });
}

export function recordSecurityEvent(event: SecurityEvent): void {
  if (!checkLabel('recordSecurityEvent', 'event', event, SECURITY_EVENTS)) return;
  appInstruments().securityEvents.add(1, { event });
}

/** A session opened; pair with sessionEnded() (the gauge is the difference). */
export function sessionStarted(): void {
  appInstruments().sessionsActive.add(1);
}

export function sessionEnded(): void {
  appInstruments().sessionsActive.add(-1);
}
