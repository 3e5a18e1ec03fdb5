// The application instruments of docs/CONTRACT.md, created on first use from the global
// meter provider (the preload's, or the API's no-op one without it). Units are annotations
// such as {signup} so the Prometheus translation adds only `_total` to counters.
import { type Counter, type Histogram, metrics, type UpDownCounter } from '@opentelemetry/api';

export const APP_METER = 'node-otel-stack/app';

/** Buckets for operations and dependency checks: the thresholds people set (1, 2, 5 s) are exact. */
export const OPERATION_BOUNDARIES = Object.freeze([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30]);

export interface AppInstruments {
  readonly signups: Counter;
  readonly logins: Counter;
  readonly payments: Counter;
  readonly revenue: Counter;
  readonly subscriptionChanges: Counter;
  readonly featureUsage: Counter;
  readonly funnelSteps: Counter;
  readonly operationDuration: Histogram;
  readonly sessionsActive: UpDownCounter;
  readonly securityEvents: Counter;
  readonly dependencyCheckDuration: Histogram;
}

let instruments: AppInstruments | undefined;

export function appInstruments(): AppInstruments {
  if (instruments) return instruments;
  const meter = metrics.getMeter(APP_METER);
  const histogram = (name: string, description: string) => meter.createHistogram(name, { description, unit: 's', advice: { explicitBucketBoundaries: [...OPERATION_BOUNDARIES] } });
  instruments = {
    signups: meter.createCounter('app.user.signups', { description: 'Users who signed up.', unit: '{signup}' }),
    logins: meter.createCounter('app.user.logins', { description: 'Login attempts, by outcome.', unit: '{login}' }),
    payments: meter.createCounter('app.payments', { description: 'Payment attempts, by outcome and, for failures, reason (declined, error, unknown).', unit: '{payment}' }),
    revenue: meter.createCounter('app.revenue', { description: 'Amounts of successful payments, in the currency\'s major unit, by currency.', unit: '{currency_unit}' }),
    subscriptionChanges: meter.createCounter('app.subscription.changes', { description: 'Subscriptions created, upgraded, downgraded or cancelled.', unit: '{change}' }),
    featureUsage: meter.createCounter('app.feature.usage', { description: 'Uses of a named feature.', unit: '{use}' }),
    funnelSteps: meter.createCounter('app.funnel.steps', { description: 'Steps reached in a named funnel.', unit: '{step}' }),
    operationDuration: histogram('app.operation.duration', 'Duration of named business operations, by outcome.'),
    sessionsActive: meter.createUpDownCounter('app.sessions.active', { description: 'Sessions open now.', unit: '{session}' }),
    securityEvents: meter.createCounter('app.security.events', { description: 'Failed logins, rate limiting, CSRF failures and denied access.', unit: '{event}' }),
    dependencyCheckDuration: histogram('app.dependency.check.duration', 'Duration of dependency health checks.'),
  };
  return instruments;
}
