// Alerts beyond the business thresholds (X3-X8 of thresholds.json): a blocked Node event loop,
// and the monitoring stack itself losing telemetry, rules, notifications or a scrape target.
import type { AlertRule } from './alert-rule.js';
import { BY_SERVICE } from './service-labels.js';

/**
 * The collector's own counters of refused, failed and dropped items, one per signal, as the
 * pinned collector (0.148.0) names them: receivers' refusals, exporters' failed sends and full
 * queues, the memory limiter's refusals, and the gateways' tail sampling evicting traces before
 * their decision (docker-compose.scaled.yml). Named one by one, each summed on its own: a
 * collector reports, say, refused spans and refused metric points with the same labels, so one
 * rate() over a name regex would hold two series with the same labels once rate() drops the
 * names, and the whole rule would fail to evaluate.
 */
const COLLECTOR_LOSS_COUNTERS = [
  ...['otelcol_receiver_refused', 'otelcol_exporter_send_failed', 'otelcol_exporter_enqueue_failed', 'otelcol_processor_refused']
    .flatMap((counter) => ['spans', 'metric_points', 'log_records'].map((signal) => `${counter}_${signal}_total`)),
  'otelcol_processor_tail_sampling_sampling_trace_dropped_too_early_total',
];

export const STACK_HEALTH_ALERTS = {
  eventLoopDelayHigh: {
    row: 'X3',
    valueFormat: 'seconds',
    expr: ({ value }) => `max by (${BY_SERVICE}, instance) (nodejs_eventloop_delay_p99_seconds) > ${value}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} instance {{ $labels.instance }}: the event loop p99 delay is ${valueTemplate}, above ${value * 1000} ms; every request waits that long.`,
  },
  telemetryPipelineLoss: {
    row: 'X4',
    valueFormat: 'number',
    // The collector's loss, or the SDK's: spans and log records its processors could not hand on.
    // The value is that of the first counter that moves (the others may move too).
    expr: () => `${COLLECTOR_LOSS_COUNTERS.map((name) => `sum by (job, instance) (rate(${name}[5m])) > 0`).join('\nor ')}
or sum by (${BY_SERVICE}) (rate(otel_sdk_processor_span_processed_total{error_type!=""}[5m])) > 0
or sum by (${BY_SERVICE}) (rate(otel_sdk_processor_log_processed_total{error_type!=""}[5m])) > 0`,
    description: ({ valueTemplate }) => `{{ $labels.job }} {{ $labels.instance }} is losing telemetry: at least ${valueTemplate} items a second refused, dropped or failed to export.`,
  },
  prometheusRuleEvaluationFailures: {
    row: 'X5',
    valueFormat: 'number',
    expr: () => 'sum by (job, instance, rule_group) (increase(prometheus_rule_evaluation_failures_total[5m])) > 0',
    description: ({ valueTemplate }) => `Prometheus {{ $labels.instance }} failed ${valueTemplate} evaluations of rule group {{ $labels.rule_group }} in 5 minutes: alerts from it may be missing.`,
  },
  alertNotificationsFailing: {
    row: 'X6',
    valueFormat: 'number',
    // Prometheus failing to reach Alertmanager, Alertmanager failing to reach a receiver, or no Alertmanager at all.
    expr: () => `sum by (job, instance) (rate(prometheus_notifications_errors_total[5m]) or rate(prometheus_notifications_dropped_total[5m])) > 0
or sum by (job, instance, integration) (rate(alertmanager_notifications_failed_total[5m])) > 0
or max by (job, instance) (prometheus_notifications_alertmanagers_discovered) < 1`,
    description: ({ valueTemplate }) => `{{ $labels.job }} {{ $labels.instance }} {{ $labels.integration }}: alert notifications are failing or have nowhere to go (value ${valueTemplate}).`,
  },
  monitoringTargetDown: {
    row: 'X8',
    valueFormat: 'number',
    // A collector (single host, or the scaled topology's gateways) by instance; the blackbox
    // exporter once, since when it is down every probe target's `up` is 0 at once (a failed
    // probe is probe_success 0 with `up` 1). The value is how many targets cannot be scraped.
    expr: () => `count by (job, instance) (up{job=~"otel-collector|otel-gateway"} == 0)
or label_replace(count by (job) (up{job="blackbox"} == 0), "instance", "blackbox-exporter", "", "")`,
    description: ({ valueTemplate }) => `Prometheus cannot scrape {{ $labels.instance }} (job {{ $labels.job }}, targets down: ${valueTemplate}); the alerts that read it stay silent until it is back.`,
  },
  watchdog: {
    row: 'X7',
    expr: () => 'vector(1)',
    description: () => 'Always firing. If the heartbeat receiver stops hearing this alert, alerting itself is broken.',
  },
} satisfies Record<string, AlertRule>;
