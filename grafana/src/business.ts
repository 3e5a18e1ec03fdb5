// Business: what the app API records (src/api/events.ts, src/api/kpis.ts) that
// auto-instrumentation cannot know: the KPIs a team reads every morning (revenue, active
// subscriptions and MRR, churn, the purchase funnel, daily and monthly active users), then
// sign-ups, logins and failures, AI questions, payments, subscriptions, features, and
// security events (failed logins, rate limits, CSRF failures).
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { newServiceDashboard, SERVICE, statPanel, steps, tablePanel, timeSeries } from './panels.js';
import { value } from './thresholds.js';

const perMinute = (series: string, by: string) => `sum by (${by}) (rate(${series}[$__rate_interval])) * 60`;

export function business(): dashboard.DashboardBuilder {
  return newServiceDashboard('node-business', 'Business events', 'Revenue, subscriptions and MRR, churn, the funnel, active users, sign-ups, logins, AI questions, payments, feature usage and security events, as the app records them.')
    .withRow(new dashboard.RowBuilder('Key figures'))
    .withPanel(statPanel({
      title: 'Revenue',
      description: 'Amounts of successful payments over the dashboard range, by currency (recordPayment with amount and currency).',
      unit: 'short',
      width: 4,
      queries: [{ expr: `sum by (currency) (increase(app_revenue_total{${SERVICE}}[$__range]))`, legend: '{{currency}}', instant: true }],
    }))
    .withPanel(statPanel({
      title: 'Monthly recurring revenue',
      description: 'What the active subscriptions bring each month, by currency, as the app reports it (observeSubscriptions).',
      unit: 'short',
      width: 4,
      queries: [{ expr: `sum by (currency) (max by (service_name, instance, currency) (app_revenue_monthly_recurring{${SERVICE}}))`, legend: '{{currency}}', instant: true }],
    }))
    .withPanel(statPanel({
      title: 'Active subscriptions',
      description: 'Subscriptions active now, over every plan (observeSubscriptions).',
      unit: 'short',
      width: 4,
      queries: [{ expr: `sum(max by (service_name, instance, plan) (app_subscriptions_active{${SERVICE}}))`, legend: 'active', instant: true }],
    }))
    .withPanel(statPanel({
      title: 'Churn over 30 days',
      description: 'Subscriptions cancelled in the last 30 days (recordSubscriptionChange) over those active now plus those cancelled: the share of subscribers lost in a month.',
      unit: 'percentunit',
      width: 4,
      queries: [{
        expr: `sum(increase(app_subscription_changes_total{${SERVICE}, change="cancelled"}[30d])) / (sum(max by (service_name, instance, plan) (app_subscriptions_active{${SERVICE}})) + sum(increase(app_subscription_changes_total{${SERVICE}, change="cancelled"}[30d])))`,
        legend: 'churn',
        instant: true,
      }],
    }))
    .withPanel(statPanel({
      title: 'Active users today',
      description: 'Distinct signed-in users in the current UTC day (recordActiveUser; estimated, ids never leave the app). Each instance counts its own users.',
      unit: 'short',
      width: 4,
      queries: [{ expr: `sum(max by (service_name, instance) (app_users_active{${SERVICE}, period="day"}))`, legend: 'today', instant: true }],
    }))
    .withPanel(statPanel({
      title: 'Active users this month',
      description: 'Distinct signed-in users in the current UTC month (recordActiveUser).',
      unit: 'short',
      width: 4,
      queries: [{ expr: `sum(max by (service_name, instance) (app_users_active{${SERVICE}, period="month"}))`, legend: 'this month', instant: true }],
    }))
    .withPanel(timeSeries({
      title: 'Active subscriptions by plan',
      description: 'Subscriptions active now, by plan (observeSubscriptions).',
      unit: 'short',
      width: 8,
      stacked: true,
      queries: [{ expr: `sum by (plan) (max by (service_name, instance, plan) (app_subscriptions_active{${SERVICE}}))`, legend: '{{plan}}' }],
    }))
    .withPanel(tablePanel({
      title: 'Purchase funnel',
      description: 'How many reached each step of each funnel over the dashboard range (recordFunnelStep): each step against the first is its conversion.',
      unit: 'short',
      width: 8,
      queries: [
        { expr: `sum by (funnel, step) (increase(app_funnel_steps_total{${SERVICE}}[$__range]))`, legend: '{{funnel}} {{step}}', instant: true },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Daily and monthly active users',
      description: 'Distinct signed-in users so far in the current UTC day and month; DAU over MAU is how often people come back.',
      unit: 'short',
      width: 8,
      queries: [{ expr: `sum by (period) (max by (service_name, instance, period) (app_users_active{${SERVICE}}))`, legend: '{{period}}' }],
    }))
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
      description: 'Payments by outcome and, for failures, why (recordPayment): declined (the customer\'s card), error (ours or the processor\'s), unknown (no reason given). Sustained errors page.',
      unit: 'short',
      width: 8,
      stacked: true,
      queries: [{ expr: perMinute(`app_payments_total{${SERVICE}}`, 'outcome, reason'), legend: '{{outcome}} {{reason}}' }],
      alerts: ['C4'],
    }))
    .withPanel(timeSeries({
      title: 'Payment failure rate',
      description: 'Share of payments that failed, declines included. Above 15% over 10 minutes (with at least 5 payments) pages: more than declines explain.',
      unit: 'percentunit',
      width: 8,
      min: 0,
      queries: [{ expr: `(sum by (service_name) (rate(app_payments_total{${SERVICE}, outcome="failure"}[$__rate_interval])) or sum by (service_name) (rate(app_payments_total{${SERVICE}}[$__rate_interval])) * 0) / sum by (service_name) (rate(app_payments_total{${SERVICE}}[$__rate_interval]))`, legend: '{{service_name}}' }],
      steps: steps(undefined, value('C4')),
      alerts: ['C4'],
    }))
    .withPanel(timeSeries({
      title: 'Revenue per hour',
      description: 'Amounts of successful payments per hour, by currency (recordPayment with amount and currency).',
      unit: 'short',
      width: 8,
      min: 0,
      queries: [{ expr: `sum by (currency) (increase(app_revenue_total{${SERVICE}}[1h]))`, legend: '{{currency}}' }],
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
