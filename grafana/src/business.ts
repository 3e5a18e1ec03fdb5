// Business: what the app API records (src/api/events.ts) that auto-instrumentation cannot
// know: sign-ups, logins and failures, AI questions, payments, subscriptions, features, and
// security events (failed logins, rate limits, CSRF failures).
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { newServiceDashboard, SERVICE, statPanel, steps, timeSeries } from './panels.js';
import { value } from './thresholds.js';

const perMinute = (series: string, by: string) => `sum by (${by}) (rate(${series}[$__rate_interval])) * 60`;

export function business(): dashboard.DashboardBuilder {
  return newServiceDashboard('node-business', 'Business events', 'Sign-ups, logins, AI questions, payments, subscriptions, feature usage and security events, as the app records them.')
    .withRow(new dashboard.RowBuilder('Users'))
    .withPanel(statPanel({
      title: 'Sign-ups',
      description: 'New accounts over the dashboard range (recordSignup). The info alert NewSignups reports them daily.',
      unit: 'short',
      width: 6,
      queries: [{ expr: `sum(increase(app_user_signups_total{${SERVICE}}[$__range]))`, legend: 'sign-ups', instant: true }],
      alerts: ['I1'],
    }))
    .withPanel(timeSeries({
      title: 'Sign-ups per minute',
      description: 'New accounts per minute, by user type.',
      unit: 'short',
      width: 9,
      queries: [{ expr: perMinute(`app_user_signups_total{${SERVICE}}`, 'user_type'), legend: '{{user_type}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Logins per minute',
      description: 'Login attempts per minute, by outcome (recordLogin).',
      unit: 'short',
      width: 9,
      stacked: true,
      queries: [{ expr: perMinute(`app_user_logins_total{${SERVICE}}`, 'outcome'), legend: '{{outcome}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Failed-login rate',
      description: 'Share of login attempts that failed. Above 10% for 5 minutes (with at least 10 attempts) warns: guessing or a broken login.',
      unit: 'percentunit',
      width: 12,
      min: 0,
      queries: [{ expr: `sum by (service_name) (rate(app_user_logins_total{${SERVICE}, outcome="failure"}[$__rate_interval])) / sum by (service_name) (rate(app_user_logins_total{${SERVICE}}[$__rate_interval]))`, legend: '{{service_name}}' }],
      steps: steps(value('W4')),
      alerts: ['W4'],
    }))
    .withPanel(timeSeries({
      title: 'Security events per minute',
      description: 'Failed logins, rate-limit hits, CSRF failures and denied access (recordSecurityEvent), by event.',
      unit: 'short',
      width: 12,
      queries: [{ expr: perMinute(`app_security_events_total{${SERVICE}}`, 'event'), legend: '{{event}}' }],
      alerts: ['W4'],
    }))
    .withRow(new dashboard.RowBuilder('AI questions and features'))
    .withPanel(timeSeries({
      title: 'AI questions per minute',
      description: 'Questions asked of the AI model (feature ai_question), and how they ended (timeOperation).',
      unit: 'short',
      width: 8,
      queries: [
        { expr: `sum(rate(app_feature_usage_total{${SERVICE}, feature="ai_question"}[$__rate_interval])) * 60`, legend: 'asked' },
        { expr: perMinute(`app_operation_duration_seconds_count{${SERVICE}, operation="ai_question"}`, 'outcome'), legend: '{{outcome}}' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'AI question latency',
      description: 'How long the AI model took to answer: median and 95th percentile.',
      unit: 's',
      width: 8,
      min: 0,
      queries: [
        { expr: `histogram_quantile(0.5, sum by (le) (rate(app_operation_duration_seconds_bucket{${SERVICE}, operation="ai_question"}[$__rate_interval])))`, legend: 'p50' },
        { expr: `histogram_quantile(0.95, sum by (le) (rate(app_operation_duration_seconds_bucket{${SERVICE}, operation="ai_question"}[$__rate_interval])))`, legend: 'p95' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Feature usage per minute',
      description: 'Uses of each feature the app reports (recordFeatureUsage).',
      unit: 'short',
      width: 8,
      queries: [{ expr: perMinute(`app_feature_usage_total{${SERVICE}}`, 'feature'), legend: '{{feature}}' }],
    }))
    .withRow(new dashboard.RowBuilder('Money'))
    .withPanel(timeSeries({
      title: 'Payments per minute',
      description: 'Payments by outcome (recordPayment): declined cards and processor failures are failures.',
      unit: 'short',
      width: 8,
      stacked: true,
      queries: [{ expr: perMinute(`app_payments_total{${SERVICE}}`, 'outcome'), legend: '{{outcome}}' }],
      alerts: ['C4'],
    }))
    .withPanel(timeSeries({
      title: 'Payment failure rate',
      description: 'Share of payments that failed. Above 25% over 10 minutes (with at least 5 payments) pages.',
      unit: 'percentunit',
      width: 8,
      min: 0,
      queries: [{ expr: `(sum by (service_name) (rate(app_payments_total{${SERVICE}, outcome="failure"}[$__rate_interval])) or sum by (service_name) (rate(app_payments_total{${SERVICE}}[$__rate_interval])) * 0) / sum by (service_name) (rate(app_payments_total{${SERVICE}}[$__rate_interval]))`, legend: '{{service_name}}' }],
      steps: steps(undefined, value('C4')),
      alerts: ['C4'],
    }))
    .withPanel(timeSeries({
      title: 'Subscription changes',
      description: 'Subscriptions created, upgraded, downgraded and cancelled (recordSubscriptionChange), per hour.',
      unit: 'short',
      width: 8,
      queries: [{ expr: `sum by (change) (increase(app_subscription_changes_total{${SERVICE}}[1h]))`, legend: '{{change}}' }],
      alerts: ['I2'],
    }));
}
