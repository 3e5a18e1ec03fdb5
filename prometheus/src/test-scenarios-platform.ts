// Promtool scenarios of the info, error-budget and stack-health alerts.
import type { ERROR_BUDGET_ALERTS } from './alerts-error-budget.js';
import type { INFO_ALERTS } from './alerts-info.js';
import type { STACK_HEALTH_ALERTS } from './alerts-stack-health.js';
import { EXAMPLE_SERVICE } from './service-labels.js';
import type { AlertScenario } from './test-scenario.js';
import { counter, createdAt, gauge, healthProbe, httpRequests, ofExampleService } from './test-series.js';

const SECONDS_PER_DAY = 86400;
const certificate = { job: 'blackbox', instance: 'example.com:443', service: 'website' };
/** Expiry timestamps count from the test's time 0. */
const certificateExpiringIn = (days: number) => [{ series: 'probe_ssl_earliest_cert_expiry{job="blackbox", instance="example.com:443", service="website"}', values: gauge(days * SECONDS_PER_DAY) }];
const signups = (perMinute: number) => [{ series: ofExampleService('app_user_signups_total', 'user_type="free"'), values: counter(perMinute) }];
const upgrades = (perMinute: number) => [{ series: ofExampleService('app_subscription_changes_total', 'change="upgraded"'), values: counter(perMinute) }];
const securityEvents = (event: string, perMinute: number) => [{ series: ofExampleService('app_security_events_total', `event="${event}"`), values: counter(perMinute) }];
const eventLoopDelay = (seconds: number) => [{ series: ofExampleService('nodejs_eventloop_delay_p99_seconds', 'instance="i-1"'), values: gauge(seconds) }];
const collector = { job: 'otel-collector', instance: 'otel-collector:8888' };
const failedSpanExports = (perMinute: number) => [{ series: 'otelcol_exporter_send_failed_spans_total{job="otel-collector", instance="otel-collector:8888", exporter="otlphttp/tempo"}', values: counter(perMinute) }];
const ruleGroup = { job: 'prometheus', instance: 'prometheus:9090', rule_group: 'rules/alerts.yml;node-otel-stack.alerts' };
const ruleFailures = (perMinute: number) => [{ series: 'prometheus_rule_evaluation_failures_total{job="prometheus", instance="prometheus:9090", rule_group="rules/alerts.yml;node-otel-stack.alerts"}', values: counter(perMinute) }];
const slackReceiver = { job: 'alertmanager', instance: 'alertmanager:9093', integration: 'slack' };
const scrapeUp = (job: string, instance: string, value: number) => [{ series: `up{job="${job}", instance="${instance}"}`, values: gauge(value) }];
const failedNotifications = (perMinute: number) => [{ series: 'alertmanager_notifications_failed_total{job="alertmanager", instance="alertmanager:9093", integration="slack"}', values: counter(perMinute) }];

type PlatformAlertKey = keyof typeof INFO_ALERTS | keyof typeof ERROR_BUDGET_ALERTS | keyof typeof STACK_HEALTH_ALERTS;

export const PLATFORM_ALERT_SCENARIOS: Record<PlatformAlertKey, AlertScenario> = {
  // One a minute: 60 in the hour before 70m.
  // The SDK creates a counter's series at its first increment: a series that appears within
  // the window counts from zero (6 sign-ups from minute 65 to 70).
  newSignups: {
    firing: signups(1),
    firingValue: 60,
    justBelow: signups(0),
    alsoFiring: [{ series: createdAt('app_user_signups_total', 'user_type="free"', 65, 1), firingValue: 6, why: 'the first sign-ups after a start, on a series they created' }],
    evalAt: '70m',
    labels: EXAMPLE_SERVICE,
  },
  subscriptionChanges: {
    firing: upgrades(1),
    firingValue: 60,
    justBelow: upgrades(0),
    alsoFiring: [{ series: createdAt('app_subscription_changes_total', 'change="upgraded"', 69, 1, 0), firingValue: 1, why: 'a single upgrade, the first since a start' }],
    evalAt: '70m',
    labels: { ...EXAMPLE_SERVICE, change: 'upgraded' },
  },
  // Version 1.0.0 until minute 40, then 1.1.0: at 45m, 1.1.0 did not run 15 minutes earlier.
  newVersionDeployed: {
    firing: [
      { series: ofExampleService('target_info', 'service_version="1.0.0"'), values: '1x40 _x50' },
      { series: ofExampleService('target_info', 'service_version="1.1.0"'), values: '_x40 1x50' },
    ],
    justBelow: [{ series: ofExampleService('target_info', 'service_version="1.0.0"'), values: '1x90' }],
    // The same version back after 20 minutes without telemetry: a restart, not a deploy.
    alsoSilent: [{ series: [{ series: ofExampleService('target_info', 'service_version="1.0.0"'), values: '1x20 _x20 1x50' }], why: 'the version that ran before a gap' }],
    evalAt: '45m',
    labels: { ...EXAMPLE_SERVICE, service_version: '1.1.0' },
  },
  // Three rate-limit hits a minute: 30 in 10 minutes; one a minute is 10.
  securityEventBurst: {
    firing: securityEvents('rate_limited', 3),
    firingValue: 30,
    justBelow: securityEvents('rate_limited', 1),
    // 20 in the first export after a start, then one a minute: 25 at minute 20.
    alsoFiring: [{ series: createdAt('app_security_events_total', 'event="rate_limited"', 15, 20), firingValue: 25, why: 'a burst on a series it created' }],
    labels: { ...EXAMPLE_SERVICE, event: 'rate_limited' },
  },
  // At 60m a certificate 10 days away from time 0 has 10 days minus an hour left.
  tlsCertificateExpiringSoon: { firing: certificateExpiringIn(10), firingValue: 10 - 3600 / SECONDS_PER_DAY, justBelow: certificateExpiringIn(40), evalAt: '60m', labels: certificate },
  // A 3-minute outage of the health endpoint: 5% of an hour's probes fail, a warning, not a page.
  errorBudgetBurnFast: { firing: healthProbe('1x56 0x2 1x32'), firingValue: 3 / 60, justBelow: healthProbe('1x90'), evalAt: '62m', labels: { job: 'blackbox', instance: 'http://demo-app:3000/health', service: 'demo-app' } },
  errorBudgetBurnSlow: { firing: httpRequests(10, 990), firingValue: 10 / 1000, justBelow: httpRequests(5, 995), evalAt: '60m', labels: EXAMPLE_SERVICE },
  eventLoopDelayHigh: { firing: eventLoopDelay(0.75), firingValue: 0.75, justBelow: eventLoopDelay(0.45), labels: { ...EXAMPLE_SERVICE, instance: 'i-1' } },
  // 60 failures a minute: 1 a second.
  telemetryPipelineLoss: { firing: failedSpanExports(60), firingValue: 1, justBelow: failedSpanExports(0), labels: collector },
  // One a minute: 5 in the 5-minute window.
  prometheusRuleEvaluationFailures: { firing: ruleFailures(1), firingValue: 5, justBelow: ruleFailures(0), labels: ruleGroup },
  alertNotificationsFailing: { firing: failedNotifications(60), firingValue: 1, justBelow: failedNotifications(0), labels: slackReceiver },
  // The collector's own metrics endpoint unreachable; the blackbox exporter down under two probes.
  monitoringTargetDown: {
    firing: scrapeUp('otel-collector', 'otel-collector:8888', 0),
    firingValue: 1,
    justBelow: scrapeUp('otel-collector', 'otel-collector:8888', 1),
    alsoFiring: [{
      series: [...scrapeUp('blackbox', 'http://demo-app:3000/health', 0), ...scrapeUp('blackbox', 'https://shop.example.org', 0)],
      firingValue: 2,
      labels: { job: 'blackbox', instance: 'blackbox-exporter' },
      why: 'the blackbox exporter down: no probe runs',
    }],
    alsoSilent: [
      { series: [...scrapeUp('blackbox', 'http://demo-app:3000/health', 1), ...healthProbe('0x90')], why: 'a failed probe is ServiceDown\'s, not a scrape failure' },
      { series: scrapeUp('postgres', 'postgres-exporter:9187', 0), why: 'an exporter a stack may not run' },
    ],
    labels: collector,
  },
  watchdog: { firing: [], labels: {} },
};
