// Service health: the two-minute morning check. Is each service healthy (error
// rate and p95 against the dashboard thresholds), how much traffic, how many errors, how
// slow, which routes, what is firing, and how much of the 99.9% error budget is left.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { COLORS, newServiceDashboard, SERVICE, statPanel, steps, tablePanel, timeSeries } from './panels.js';
import { THRESHOLDS } from './thresholds.js';

const REQUESTS = `http_server_request_duration_seconds_count{${SERVICE}}`;
const ERRORS = `http_server_request_duration_seconds_count{${SERVICE}, http_response_status_code=~"5.."}`;
const BUCKETS = `http_server_request_duration_seconds_bucket{${SERVICE}}`;
const { errorRatio, p95Seconds } = THRESHOLDS.dashboard;
const budget = Number((1 - THRESHOLDS.slo.availability).toPrecision(6));

/** 0 healthy, 1 warning, 2 degraded: the worse of the error-rate and p95 verdicts. */
const STATUS = `max by (service_name) (
  label_replace((job:http_server_request_error_ratio:rate5m{${SERVICE}} >= bool ${errorRatio.warning}) + (job:http_server_request_error_ratio:rate5m{${SERVICE}} >= bool ${errorRatio.degraded}), "signal", "errors", "", "")
  or
  label_replace((job:http_server_request_duration_seconds:p95_5m{${SERVICE}} >= bool ${p95Seconds.warning}) + (job:http_server_request_duration_seconds:p95_5m{${SERVICE}} >= bool ${p95Seconds.degraded}), "signal", "latency", "", "")
)`;

const quantile = (q: number) => `histogram_quantile(${q}, sum by (le) (rate(${BUCKETS}[$__rate_interval])))`;

export function serviceHealth(): dashboard.DashboardBuilder {
  return newServiceDashboard('node-service-health', 'Service health', 'Is each service healthy, busy, failing or slow; what is firing; how much error budget is left.')
    .withRow(new dashboard.RowBuilder('Status'))
    .withPanel(statPanel({
      title: 'Status',
      description: `Healthy: 5xx below ${errorRatio.warning * 100}% and p95 below ${p95Seconds.warning * 1000} ms. Warning: 5xx up to ${errorRatio.degraded * 100}% or p95 up to ${p95Seconds.degraded * 1000} ms. Degraded: above either. Over the last 5 minutes.`,
      unit: 'none',
      width: 6,
      height: 6,
      queries: [{ expr: STATUS, legend: '{{service_name}}', instant: true }],
      steps: [{ value: null, color: COLORS.ok }, { value: 1, color: COLORS.warning }, { value: 2, color: COLORS.bad }],
      mappings: [{ type: dashboard.MappingType.ValueToText, options: { 0: { text: 'Healthy', color: COLORS.ok, index: 0 }, 1: { text: 'Warning', color: COLORS.warning, index: 1 }, 2: { text: 'Degraded', color: COLORS.bad, index: 2 } } }],
      noValue: 'No traffic',
      alerts: ['C2', 'W1', 'W2'],
    }))
    .withPanel(statPanel({
      title: 'Error rate (5xx)',
      description: 'Share of requests answered with a 5xx over the last 5 minutes. The alerts: above 1% warns, above 5% for 5 minutes pages.',
      unit: 'percentunit',
      width: 6,
      height: 6,
      queries: [{ expr: `job:http_server_request_error_ratio:rate5m{${SERVICE}}`, legend: '{{service_name}}', instant: true }],
      steps: steps(errorRatio.warning, errorRatio.degraded),
      alerts: ['C2', 'W1'],
    }))
    .withPanel(statPanel({
      title: 'p95 response time',
      description: 'The 95th percentile of request durations over the last 5 minutes. The dashboard turns yellow at 200 ms and red at 500 ms; the alert warns above 2 s for 10 minutes.',
      unit: 's',
      width: 6,
      height: 6,
      queries: [{ expr: `job:http_server_request_duration_seconds:p95_5m{${SERVICE}}`, legend: '{{service_name}}', instant: true }],
      steps: steps(p95Seconds.warning, p95Seconds.degraded),
      alerts: ['W2'],
    }))
    .withPanel(statPanel({
      title: 'Error budget left (30 days)',
      description: `Share of the 99.9% availability objective's error budget (${budget * 100}% of requests may fail with 5xx) not yet spent over the last 30 days. Below zero: the objective is missed.`,
      unit: 'percentunit',
      width: 6,
      height: 6,
      queries: [{ expr: `1 - ((sum(increase(${ERRORS}[30d])) or vector(0)) / sum(increase(${REQUESTS}[30d]))) / ${budget}`, legend: 'budget left', instant: true }],
      steps: [{ value: null, color: COLORS.bad }, { value: 0, color: COLORS.warning }, { value: 0.5, color: COLORS.ok }],
      alerts: ['X1', 'X2'],
    }))
    .withRow(new dashboard.RowBuilder('Traffic, errors, latency'))
    .withPanel(timeSeries({
      title: 'Request rate',
      description: 'Requests per second, by response status code.',
      unit: 'reqps',
      queries: [{ expr: `sum by (http_response_status_code) (rate(${REQUESTS}[$__rate_interval]))`, legend: '{{http_response_status_code}}' }],
      stacked: true,
    }))
    .withPanel(timeSeries({
      title: 'Error rate (5xx)',
      description: 'Share of requests answered with a 5xx. Dashed lines: the warning and critical thresholds.',
      unit: 'percentunit',
      min: 0,
      queries: [{ expr: `(sum by (service_name) (rate(${ERRORS}[$__rate_interval])) or sum by (service_name) (rate(${REQUESTS}[$__rate_interval])) * 0) / sum by (service_name) (rate(${REQUESTS}[$__rate_interval]))`, legend: '{{service_name}}' }],
      steps: steps(errorRatio.warning, errorRatio.degraded),
      alerts: ['C2', 'W1'],
    }))
    .withPanel(timeSeries({
      title: 'Latency p50 / p95 / p99',
      description: 'Request duration percentiles. The dots are exemplars from sampled traces (span metrics): click one to open its trace in Tempo.',
      unit: 's',
      min: 0,
      queries: [
        { expr: quantile(0.5), legend: 'p50' },
        { expr: quantile(0.95), legend: 'p95' },
        { expr: quantile(0.99), legend: 'p99' },
        { expr: `histogram_quantile(0.95, sum by (le) (rate(traces_span_metrics_duration_seconds_bucket{service_name=~"$service", span_kind="SPAN_KIND_SERVER"}[$__rate_interval])))`, legend: 'p95 of sampled traces', exemplar: true },
      ],
      steps: steps(p95Seconds.warning, p95Seconds.degraded),
      alerts: ['W2'],
    }))
    .withRow(new dashboard.RowBuilder('Routes and errors'))
    .withPanel(tablePanel({
      title: 'Busiest routes',
      description: 'The ten routes with the most requests over the dashboard range.',
      unit: 'short',
      width: 8,
      queries: [{ expr: `topk(10, sum by (http_route) (increase(${REQUESTS}[$__range])))`, legend: '{{http_route}}', instant: true }],
    }))
    .withPanel(tablePanel({
      title: 'Slowest routes (p95)',
      description: 'The ten routes with the highest 95th-percentile duration over the dashboard range.',
      unit: 's',
      width: 8,
      queries: [{ expr: `topk(10, histogram_quantile(0.95, sum by (http_route, le) (rate(${BUCKETS}[$__range]))))`, legend: '{{http_route}}', instant: true }],
      steps: steps(p95Seconds.warning, p95Seconds.degraded),
      alerts: ['W2'],
    }))
    .withPanel(timeSeries({
      title: 'Errors by type and status',
      description: 'Failed requests per second by error type and status code, and errors the app captured (captureError) by type.',
      unit: 'reqps',
      width: 8,
      queries: [
        { expr: `sum by (error_type, http_response_status_code) (rate(http_server_request_duration_seconds_count{${SERVICE}, error_type!=""}[$__rate_interval]))`, legend: '{{http_response_status_code}} {{error_type}}' },
        { expr: `sum by (error_type) (rate(app_errors_total{${SERVICE}}[$__rate_interval]))`, legend: 'captured {{error_type}}' },
      ],
      alerts: ['C2'],
    }))
    .withRow(new dashboard.RowBuilder('Users and alerts'))
    .withPanel(timeSeries({
      title: 'Active sessions',
      description: 'Signed-in sessions the app holds (app.sessions.active).',
      unit: 'short',
      width: 8,
      min: 0,
      queries: [{ expr: `sum by (service_name) (app_sessions_active{${SERVICE}})`, legend: '{{service_name}}' }],
    }))
    .withPanel(tablePanel({
      title: 'Firing alerts',
      description: 'Every alert firing now, of every service (the Watchdog always fires: it proves the pipeline works). Where each went: the alert inbox on 127.0.0.1:9095.',
      unit: 'short',
      width: 16,
      queries: [{ expr: 'sort_desc(count by (alertname, severity, job, service_name) (ALERTS{alertstate="firing"}))', legend: '{{alertname}}', instant: true }],
    }));
}
