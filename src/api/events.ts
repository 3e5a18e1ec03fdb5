// Business and security events: what auto-instrumentation cannot know. Each function records
// one series of docs/CONTRACT.md; labels are checked (src/api/arguments.ts) so a user id or
// an e-mail address can never become a label value.
import { checkLabel, rejectArgument } from './arguments.js';
import { appInstruments } from './instruments.js';

export const OUTCOMES = Object.freeze(['success', 'failure'] as const);
export const SUBSCRIPTION_CHANGES = Object.freeze(['created', 'upgraded', 'downgraded', 'cancelled'] as const);
export const SECURITY_EVENTS = Object.freeze(['login_failed', 'rate_limited', 'csrf_failed', 'access_denied'] as const);

export type Outcome = (typeof OUTCOMES)[number];
export type SubscriptionChange = (typeof SUBSCRIPTION_CHANGES)[number];
export type SecurityEvent = (typeof SECURITY_EVENTS)[number];

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

/** A payment attempt and its outcome (a declined card and a processor error are both failures). */
export function recordPayment(input: { outcome: Outcome }): void {
  const values = options('recordPayment', input, "{ outcome: 'success' }");
  if (!values || !checkLabel('recordPayment', 'outcome', values.outcome, OUTCOMES)) return;
  appInstruments().payments.add(1, { outcome: values.outcome });
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
