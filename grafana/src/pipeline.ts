// Telemetry pipeline: is the data getting through? What the collector accepted, refused,
// exported or failed to export, its queues and memory; what the apps' SDKs dropped; and the
// health of Prometheus and Alertmanager themselves (rules, notifications).
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { newDashboard, statPanel, steps, timeSeries, UP_DOWN } from './panels.js';

const SIGNALS = [['spans', 'spans'], ['metric_points', 'metric points'], ['log_records', 'log records']] as const;
const perSignal = (metric: (signal: string) => string, by: string, legend: string) => SIGNALS.map(([signal, name]) => ({
  expr: `sum by (${by}) (rate(${metric(signal)}[$__rate_interval]))`,
  legend: `${name} ${legend}`,
}));

export function pipeline(): dashboard.DashboardBuilder {
  return newDashboard('node-telemetry-pipeline', 'Telemetry pipeline', 'The collector (accepted, refused, exported, failed, queues, memory), the apps\' SDK drops, Prometheus and Alertmanager.')
    .withRow(new dashboard.RowBuilder('Collector'))
    .withPanel(timeSeries({
      title: 'Accepted by the collector',
      description: 'Items per second the collector\'s receivers accepted from the apps.',
      unit: 'short',
      queries: perSignal((signal) => `otelcol_receiver_accepted_${signal}_total`, 'receiver', '{{receiver}}'),
    }))
    .withPanel(timeSeries({
      title: 'Refused by the collector',
      description: 'Items per second the collector refused or dropped on the way in: the memory limiter pushing back (the apps retry, then drop), or malformed data. Anything here for 5 minutes warns.',
      unit: 'short',
      queries: [
        ...perSignal((signal) => `otelcol_receiver_refused_${signal}_total`, 'receiver', 'refused by {{receiver}}'),
        ...perSignal((signal) => `otelcol_processor_refused_${signal}_total`, 'processor', 'refused by {{processor}}'),
      ],
      alerts: ['X4'],
    }))
    .withPanel(timeSeries({
      title: 'Exported by the collector',
      description: 'Items per second sent to Prometheus, Tempo and Loki.',
      unit: 'short',
      queries: perSignal((signal) => `otelcol_exporter_sent_${signal}_total`, 'exporter', '{{exporter}}'),
    }))
    .withPanel(timeSeries({
      title: 'Failed exports',
      description: 'Items per second an exporter failed to send, or could not even queue (queue full). Anything here for 5 minutes warns.',
      unit: 'short',
      queries: [
        ...perSignal((signal) => `otelcol_exporter_send_failed_${signal}_total`, 'exporter', 'failed {{exporter}}'),
        ...perSignal((signal) => `otelcol_exporter_enqueue_failed_${signal}_total`, 'exporter', 'not queued {{exporter}}'),
      ],
      alerts: ['X4'],
    }))
    .withPanel(timeSeries({
      title: 'Export queue use',
      description: 'How full each exporter\'s sending queue is. A queue that stays full drops data: the backend is down or too slow.',
      unit: 'percentunit',
      min: 0,
      max: 1,
      queries: [{ expr: 'max by (exporter) (otelcol_exporter_queue_size / otelcol_exporter_queue_capacity)', legend: '{{exporter}}' }],
      steps: steps(0.5, 0.9),
      alerts: ['X4'],
    }))
    .withPanel(timeSeries({
      title: 'Collector memory',
      description: 'Resident memory and Go heap of the collector. The memory limiter refuses data before the container limit.',
      unit: 'bytes',
      min: 0,
      queries: [
        { expr: 'max by (instance) (otelcol_process_memory_rss_bytes)', legend: 'resident {{instance}}' },
        { expr: 'max by (instance) (otelcol_process_runtime_heap_alloc_bytes)', legend: 'heap {{instance}}' },
      ],
    }))
    .withRow(new dashboard.RowBuilder('Apps'))
    .withPanel(timeSeries({
      title: 'Spans and logs processed by the apps\' SDK',
      description: 'Spans and log records each app\'s SDK handed to its exporter, per second.',
      unit: 'short',
      width: 12,
      queries: [
        { expr: 'sum by (service_name) (rate(otel_sdk_processor_span_processed_total[$__rate_interval]))', legend: 'spans {{service_name}}' },
        { expr: 'sum by (service_name) (rate(otel_sdk_processor_log_processed_total[$__rate_interval]))', legend: 'logs {{service_name}}' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Dropped in the apps',
      description: 'Spans and log records an app\'s SDK dropped (error_type queue_full: the collector is down or slow). Anything here for 5 minutes warns.',
      unit: 'short',
      width: 12,
      queries: [
        { expr: 'sum by (service_name, error_type) (rate(otel_sdk_processor_span_processed_total{error_type!=""}[$__rate_interval]))', legend: 'spans {{service_name}} {{error_type}}' },
        { expr: 'sum by (service_name, error_type) (rate(otel_sdk_processor_log_processed_total{error_type!=""}[$__rate_interval]))', legend: 'logs {{service_name}} {{error_type}}' },
      ],
      alerts: ['X4'],
    }))
    .withRow(new dashboard.RowBuilder('Prometheus and Alertmanager'))
    .withPanel(statPanel({
      title: 'Scrape targets up',
      description: 'Prometheus itself, the collector, Alertmanager and the blackbox exporter, as Prometheus last scraped them.',
      unit: 'none',
      width: 24,
      height: 5,
      queries: [{ expr: 'max by (job) (up{job=~"prometheus|otel-collector|alertmanager|blackbox"})', legend: '{{job}}', instant: true }],
      ...UP_DOWN,
    }))
    .withPanel(timeSeries({
      title: 'Rule evaluations',
      description: 'Rule evaluations per second, and failed ones by rule group (any for 5 minutes warns: alerts from that group may be missing).',
      unit: 'ops',
      queries: [
        { expr: 'sum(rate(prometheus_rule_evaluations_total[$__rate_interval]))', legend: 'evaluations' },
        { expr: 'sum by (rule_group) (rate(prometheus_rule_evaluation_failures_total[$__rate_interval]))', legend: 'failed {{rule_group}}' },
      ],
      alerts: ['X5'],
    }))
    .withPanel(timeSeries({
      title: 'Alerts sent to Alertmanager',
      description: 'Alerts Prometheus sent per second, and errors or drops on the way.',
      unit: 'short',
      queries: [
        { expr: 'sum(rate(prometheus_notifications_sent_total[$__rate_interval]))', legend: 'sent' },
        { expr: 'sum(rate(prometheus_notifications_errors_total[$__rate_interval]))', legend: 'errors' },
        { expr: 'sum(rate(prometheus_notifications_dropped_total[$__rate_interval]))', legend: 'dropped' },
      ],
      alerts: ['X6'],
    }))
    .withPanel(timeSeries({
      title: 'Notifications by integration',
      description: 'Notifications Alertmanager sent per second to each integration (webhook, PagerDuty, Slack, e-mail), and failed ones. Failures for 5 minutes page.',
      unit: 'short',
      queries: [
        { expr: 'sum by (integration) (rate(alertmanager_notifications_total[$__rate_interval]))', legend: 'sent {{integration}}' },
        { expr: 'sum by (integration) (rate(alertmanager_notifications_failed_total[$__rate_interval]))', legend: 'failed {{integration}}' },
      ],
      alerts: ['X6', 'X7'],
    }));
}
