// Generates the stack's Prometheus rules, their promtool tests and the alert table of the docs
// from prometheus/thresholds.json, the one place where thresholds live:
//   prometheus/rules/recording.yml   recording rules, named level:metric:operation
//   prometheus/rules/alerts.yml      one alert per row of the thresholds table
//   prometheus/tests/alerts.test.yml promtool tests: fires above, silent just below, silent before `for`
//   docs/alerts.md                   the table people read
// Run `npm run alerts` after changing thresholds.json; test/alerts/generated.test.js fails when
// the committed files differ from what this script writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const THRESHOLDS = JSON.parse(readFileSync(join(ROOT, 'prometheus/thresholds.json'), 'utf8'));
const { alerts: A, guards: G, slo } = THRESHOLDS;
const BUDGET = Number((1 - slo.availability).toPrecision(6));

// Labels every per-service rule keeps, so alerts name the service and its environment.
const BY = 'job, service_name, deployment_environment_name';
const SERVICE = { job: 'demo/shop', service_name: 'shop', deployment_environment_name: 'production' };
const SERVICE_SELECTOR = 'job="demo/shop", service_name="shop", deployment_environment_name="production"';

// ---------------------------------------------------------------------------------------
// Value formats: the Go template in the description, and the same text computed here for
// the promtool expectations.
const FORMATS = {
  percent: { template: '{{ $value | humanizePercentage }}', format: (v) => `${g4(v * 100)}%` },
  seconds: { template: '{{ $value | humanizeDuration }}', format: (v) => humanizeDuration(v) },
  number: { template: '{{ $value | humanize }}', format: (v) => humanize(v) },
  days: { template: '{{ $value | printf "%.1f" }}', format: (v) => v.toFixed(1) },
};

function g4(value) {
  return String(Number(value.toPrecision(4)));
}

function humanize(value) {
  if (value === 0 || Math.abs(value) >= 1) {
    const prefixes = ['', 'k', 'M', 'G', 'T', 'P'];
    let index = 0;
    while (Math.abs(value) >= 1000 && index < prefixes.length - 1) {
      value /= 1000;
      index++;
    }
    return `${g4(value)}${prefixes[index]}`;
  }
  const prefixes = ['', 'm', 'u', 'n'];
  let index = 0;
  while (Math.abs(value) < 1 && index < prefixes.length - 1) {
    value *= 1000;
    index++;
  }
  return `${g4(value)}${prefixes[index]}`;
}

function humanizeDuration(seconds) {
  if (seconds >= 1 && seconds < 60) return `${g4(seconds)}s`;
  if (seconds < 1) return `${g4(seconds * 1000)}ms`;
  throw new Error(`humanizeDuration for ${seconds}s is not mirrored here; pick a test value under a minute`);
}

// ---------------------------------------------------------------------------------------
// Recording rules.
const errorRatio = (window) => ({
  record: `job:http_server_request_error_ratio:rate${window}`,
  // `or ... * 0`: a service with no 5xx yet has a ratio of 0, not no ratio at all.
  expr: `(sum by (${BY}) (rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[${window}])) or sum by (${BY}) (rate(http_server_request_duration_seconds_count[${window}])) * 0)\n/ sum by (${BY}) (rate(http_server_request_duration_seconds_count[${window}]))`,
});
const probeFailure = (window) => ({
  record: `instance:probe_failure_ratio:avg${window}`,
  expr: `1 - avg_over_time(probe_success{job="blackbox"}[${window}])`,
});

export const RECORDING_RULES = [
  { record: 'job:http_server_requests:rate5m', expr: `sum by (${BY}) (rate(http_server_request_duration_seconds_count[5m]))` },
  ...['5m', '30m', '1h', '6h'].map(errorRatio),
  { record: 'job:http_server_request_duration_seconds:p95_5m', expr: `histogram_quantile(0.95, sum by (${BY}, le) (rate(http_server_request_duration_seconds_bucket[5m])))` },
  { record: 'job:db_client_operations:rate5m', expr: `sum by (${BY}) (rate(db_client_operation_duration_seconds_count[5m]))` },
  { record: 'job:db_client_operation_duration_seconds:p95_5m', expr: `histogram_quantile(0.95, sum by (${BY}, le) (rate(db_client_operation_duration_seconds_bucket[5m])))` },
  { record: 'job:app_user_logins:increase10m', expr: `sum by (${BY}) (increase(app_user_logins_total[10m]))` },
  { record: 'job:app_user_login_failure_ratio:increase10m', expr: `(sum by (${BY}) (increase(app_user_logins_total{outcome="failure"}[10m])) or job:app_user_logins:increase10m * 0)\n/ job:app_user_logins:increase10m` },
  { record: 'job:app_payments:increase10m', expr: `sum by (${BY}) (increase(app_payments_total[10m]))` },
  { record: 'job:app_payment_failure_ratio:increase10m', expr: `(sum by (${BY}) (increase(app_payments_total{outcome="failure"}[10m])) or job:app_payments:increase10m * 0)\n/ job:app_payments:increase10m` },
  ...['5m', '30m', '1h', '6h'].map(probeFailure),
];

// ---------------------------------------------------------------------------------------
// Alerts, each with its promtool cases: `series(level)` builds the input for a level of the
// signal, `above` fires, `below` (just under the threshold) does not, `value(level)` is the
// alert's $value at evaluation time, `labels` the labels the alert carries.
const step = (perMinute) => `0+${perMinute}x90`;
const requests = (errorsPerMinute, okPerMinute, extra = {}) => [
  { series: `http_server_request_duration_seconds_count{${SERVICE_SELECTOR}, http_route="/api/items", http_response_status_code="500"}`, values: step(errorsPerMinute) },
  { series: `http_server_request_duration_seconds_count{${SERVICE_SELECTOR}, http_route="/api/items", http_response_status_code="200"}`, values: step(okPerMinute) },
  ...(extra.series ?? []),
];
const buckets = (metric, observationsPerMinute, slowBoundary, slowShare) => {
  // A histogram where `slowShare` of the observations fall above `slowBoundary`.
  const bounds = ['0.1', '0.5', '1', '2', '5', '10', '+Inf'];
  const fast = Math.round(observationsPerMinute * (1 - slowShare));
  return [
    ...bounds.map((le) => ({
      series: `${metric}_bucket{${SERVICE_SELECTOR}, le="${le}"}`,
      values: step(Number(le === '+Inf' ? Infinity : le) >= Number(slowBoundary) * 2.5 || le === '+Inf' ? observationsPerMinute : fast),
    })),
    { series: `${metric}_count{${SERVICE_SELECTOR}}`, values: step(observationsPerMinute) },
  ];
};
const dependency = (name, up) => [{ series: `app_dependency_up{${SERVICE_SELECTOR}, dependency="${name}"}`, values: `${up}x90` }];

function ratioDescription(what, alert) {
  return `{{ $labels.job }} ({{ $labels.deployment_environment_name }}): ${what} ${FORMATS.percent.template}, above ${g4(alert.value * 100)}%.`;
}

export function alertDefinitions() {
  return [
    {
      id: 'C1',
      expr: 'probe_success{job="blackbox"} == 0',
      description: 'The health endpoint {{ $labels.instance }} of {{ $labels.service }} has failed every probe for 5 minutes.',
      test: { series: (up) => [{ series: 'probe_success{job="blackbox", instance="http://demo-app:3000/health", service="demo-app"}', values: `${up}x90` }], above: 0, below: 1, labels: { instance: 'http://demo-app:3000/health', service: 'demo-app', job: 'blackbox' } },
    },
    {
      id: 'C1b',
      expr: `group by (${BY}) (max_over_time(target_info[1h])) unless group by (${BY}) (target_info)`,
      description: '{{ $labels.job }} ({{ $labels.deployment_environment_name }}) has sent no telemetry for 5 minutes: the process is gone or cannot reach the collector.',
      // Present for 20 minutes, then nothing: absent once the 5-minute lookback has passed.
      test: { series: (gone) => [{ series: `target_info{${SERVICE_SELECTOR}}`, values: gone ? '1x20 _x70' : '1x90' }], above: true, below: false, evalAt: '28m', labels: SERVICE },
    },
    {
      id: 'C2',
      pair: 'error_rate',
      expr: (a) => `job:http_server_request_error_ratio:rate5m > ${a.value}\nand job:http_server_requests:rate5m * 300 >= ${G.minRequestsPer5m}`,
      format: 'percent',
      description: (a) => ratioDescription('5xx responses are', a),
      test: { series: (errors) => requests(errors, 100 - errors), above: 6, below: 4, value: (errors) => errors / 100, labels: SERVICE },
      guard: { series: () => requests(1, 0), note: 'one failing request a minute (5 in 5 minutes) is under the traffic guard' },
    },
    {
      id: 'C3',
      expr: `max by (${BY}, dependency) (app_dependency_up{dependency=~"postgres|postgresql|mysql|mariadb|mongodb|database|db"}) == 0`,
      description: '{{ $labels.job }} cannot reach its database ({{ $labels.dependency }}): its health check has failed for 2 minutes.',
      test: { series: (up) => dependency('postgres', up), above: 0, below: 1, labels: { ...SERVICE, dependency: 'postgres' } },
    },
    {
      id: 'C4',
      expr: (a) => `job:app_payment_failure_ratio:increase10m > ${a.value}\nand job:app_payments:increase10m >= ${G.minPaymentsPer10m}`,
      format: 'percent',
      description: (a) => ratioDescription('failed payments are', a),
      test: {
        series: (failed) => [
          { series: `app_payments_total{${SERVICE_SELECTOR}, outcome="failure"}`, values: step(failed) },
          { series: `app_payments_total{${SERVICE_SELECTOR}, outcome="success"}`, values: step(10 - failed) },
        ],
        above: 3, below: 2, value: (failed) => failed / 10, labels: SERVICE,
      },
      guard: { series: () => [{ series: `app_payments_total{${SERVICE_SELECTOR}, outcome="failure"}`, values: '0+0.2x90' }], note: 'two failed payments in 10 minutes are under the traffic guard' },
    },
    {
      id: 'C5',
      expr: `max by (${BY}, dependency) (app_dependency_up{dependency="auth"}) == 0`,
      description: '{{ $labels.job }} cannot reach the authentication service: its health check has failed for 2 minutes, so nobody can sign in.',
      test: { series: (up) => dependency('auth', up), above: 0, below: 1, labels: { ...SERVICE, dependency: 'auth' } },
    },
    {
      id: 'W1',
      pair: 'error_rate',
      expr: (a) => `job:http_server_request_error_ratio:rate5m > ${a.value}\nand job:http_server_requests:rate5m * 300 >= ${G.minRequestsPer5m}`,
      format: 'percent',
      description: (a) => ratioDescription('5xx responses are', a),
      test: { series: (errors) => requests(errors, 200 - errors), above: 3, below: 1, value: (errors) => errors / 200, labels: SERVICE },
      guard: { series: () => requests(1, 0), note: 'a lone failing request is under the traffic guard' },
    },
    {
      id: 'W2',
      expr: (a) => `job:http_server_request_duration_seconds:p95_5m > ${a.value}\nand job:http_server_requests:rate5m * 300 >= ${G.minRequestsPer5m}`,
      format: 'seconds',
      description: (a) => `{{ $labels.job }} ({{ $labels.deployment_environment_name }}): p95 response time is ${FORMATS.seconds.template}, above ${a.value} s.`,
      // 10% of requests take 5-10 s: the p95 lands in that bucket, far above 2 s; at 4% the p95 is under 1 s.
      test: { series: (share) => buckets('http_server_request_duration_seconds', 100, 2, share), above: 0.1, below: 0.04, value: () => 3.5, labels: SERVICE },
    },
    {
      id: 'W3',
      expr: (a) => `job:db_client_operation_duration_seconds:p95_5m > ${a.value}\nand job:db_client_operations:rate5m * 300 >= ${G.minRequestsPer5m}`,
      format: 'seconds',
      description: (a) => `{{ $labels.job }} ({{ $labels.deployment_environment_name }}): p95 database operation time is ${FORMATS.seconds.template}, above ${a.value} s.`,
      test: { series: (share) => buckets('db_client_operation_duration_seconds', 100, 1, share), above: 0.1, below: 0.04, value: () => 3.5, labels: SERVICE },
    },
    {
      id: 'W4',
      expr: (a) => `job:app_user_login_failure_ratio:increase10m > ${a.value}\nand job:app_user_logins:increase10m >= ${G.minLoginsPer10m}`,
      format: 'percent',
      description: (a) => ratioDescription('failed logins are', a),
      test: {
        series: (failed) => [
          { series: `app_user_logins_total{${SERVICE_SELECTOR}, outcome="failure", user_type="unknown"}`, values: step(failed) },
          { series: `app_user_logins_total{${SERVICE_SELECTOR}, outcome="success", user_type="free"}`, values: step(20 - failed) },
        ],
        above: 3, below: 2, value: (failed) => failed / 20, labels: SERVICE,
      },
      guard: { series: () => [{ series: `app_user_logins_total{${SERVICE_SELECTOR}, outcome="failure", user_type="unknown"}`, values: '0+0.5x90' }], note: 'five failed logins in 10 minutes are under the traffic guard' },
    },
    {
      id: 'W5',
      expr: (a) => `max by (${BY}, system_filesystem_mountpoint) (system_filesystem_utilization_ratio) > ${a.value}`,
      format: 'percent',
      description: (a) => `{{ $labels.job }}: the filesystem of {{ $labels.system_filesystem_mountpoint }} is ${FORMATS.percent.template} full, above ${g4(a.value * 100)}%.`,
      test: { series: (used) => [{ series: `system_filesystem_utilization_ratio{${SERVICE_SELECTOR}, instance="i-1", system_filesystem_mountpoint="/app"}`, values: `${used}x90` }], above: 0.85, below: 0.79, value: (used) => used, labels: { ...SERVICE, system_filesystem_mountpoint: '/app' } },
    },
    {
      id: 'W6',
      expr: (a) => `sum by (${BY}, instance) (rate(process_cpu_time_seconds_total[5m])) > ${a.value}`,
      format: 'percent',
      description: (a) => `{{ $labels.job }} instance {{ $labels.instance }} uses ${FORMATS.percent.template} of a CPU core, above ${g4(a.value * 100)}%.`,
      test: {
        series: (cores) => [
          { series: `process_cpu_time_seconds_total{${SERVICE_SELECTOR}, instance="i-1", cpu_mode="user"}`, values: step(cores * 60 * 0.75) },
          { series: `process_cpu_time_seconds_total{${SERVICE_SELECTOR}, instance="i-1", cpu_mode="system"}`, values: step(cores * 60 * 0.25) },
        ],
        above: 0.9, below: 0.75, value: (cores) => cores, labels: { ...SERVICE, instance: 'i-1' },
      },
    },
    {
      id: 'W7',
      expr: (a) => `max by (${BY}, instance) (process_memory_usage_bytes) > ${a.value}`,
      format: 'number',
      description: (a) => `{{ $labels.job }} instance {{ $labels.instance }} uses ${FORMATS.number.template}B of memory, above ${humanize(a.value)}B.`,
      test: { series: (bytes) => [{ series: `process_memory_usage_bytes{${SERVICE_SELECTOR}, instance="i-1"}`, values: `${bytes}x90` }], above: 450e6, below: 390e6, value: (bytes) => bytes, labels: { ...SERVICE, instance: 'i-1' } },
    },
    {
      id: 'I1',
      expr: `sum by (${BY}) (increase(app_user_signups_total[1h])) > 0`,
      format: 'number',
      description: `{{ $labels.job }}: ${FORMATS.number.template} new sign-ups in the last hour.`,
      test: { series: (perMinute) => [{ series: `app_user_signups_total{${SERVICE_SELECTOR}, user_type="free"}`, values: step(perMinute) }], above: 1, below: 0, evalAt: '70m', value: () => 60, labels: SERVICE },
    },
    {
      id: 'I2',
      expr: `sum by (${BY}, change) (increase(app_subscription_changes_total[1h])) > 0`,
      format: 'number',
      description: `{{ $labels.job }}: ${FORMATS.number.template} subscriptions {{ $labels.change }} in the last hour.`,
      test: { series: (perMinute) => [{ series: `app_subscription_changes_total{${SERVICE_SELECTOR}, change="upgraded"}`, values: step(perMinute) }], above: 1, below: 0, evalAt: '70m', value: () => 60, labels: { ...SERVICE, change: 'upgraded' } },
    },
    {
      id: 'I3',
      expr: `group by (${BY}, service_version) (target_info) unless group by (${BY}, service_version) (target_info offset 15m)`,
      description: '{{ $labels.job }} ({{ $labels.deployment_environment_name }}) now runs version {{ $labels.service_version }}.',
      test: {
        series: (deployed) => [
          { series: `target_info{${SERVICE_SELECTOR}, service_version="1.0.0"}`, values: deployed ? '1x40 _x50' : '1x90' },
          ...(deployed ? [{ series: `target_info{${SERVICE_SELECTOR}, service_version="1.1.0"}`, values: '_x40 1x50' }] : []),
        ],
        above: true, below: false, evalAt: '45m', labels: { ...SERVICE, service_version: '1.1.0' },
      },
    },
    {
      id: 'I4',
      expr: (a) => `(probe_ssl_earliest_cert_expiry{job="blackbox"} - time()) / 86400 < ${a.value}`,
      format: 'days',
      description: (a) => `The TLS certificate of {{ $labels.instance }} ({{ $labels.service }}) expires in ${FORMATS.days.template} days, under ${a.value}.`,
      // Expiry timestamps relative to the test's time 0: 10 days away, or 40.
      test: { series: (days) => [{ series: 'probe_ssl_earliest_cert_expiry{job="blackbox", instance="example.com:443", service="website"}', values: `${days * 86400}x90` }], above: 10, below: 40, evalAt: '60m', value: (days) => days - 3600 / 86400, labels: { job: 'blackbox', instance: 'example.com:443', service: 'website' } },
    },
    {
      id: 'X1',
      expr: `(
  job:http_server_request_error_ratio:rate1h > ${14.4 * BUDGET} and job:http_server_request_error_ratio:rate5m > ${14.4 * BUDGET}
  and job:http_server_requests:rate5m * 300 >= ${G.minRequestsPer5m}
)
or (instance:probe_failure_ratio:avg1h > ${14.4 * BUDGET} and instance:probe_failure_ratio:avg5m > ${14.4 * BUDGET})`,
      format: 'percent',
      description: `{{ $labels.job }} {{ $labels.instance }}: ${FORMATS.percent.template} of requests or probes failed over the last hour, against a budget of ${g4(BUDGET * 100)}%: at this rate the month's budget is gone in 2 days.`,
      // A 3-minute outage of the health endpoint: 5% of an hour's probes fail, a warning, not a page.
      test: { series: (down) => [{ series: 'probe_success{job="blackbox", instance="http://demo-app:3000/health", service="demo-app"}', values: down ? '1x56 0x2 1x32' : '1x90' }], above: true, below: false, evalAt: '62m', value: () => 3 / 60, labels: { job: 'blackbox', instance: 'http://demo-app:3000/health', service: 'demo-app' } },
    },
    {
      id: 'X2',
      expr: `(
  job:http_server_request_error_ratio:rate6h > ${6 * BUDGET} and job:http_server_request_error_ratio:rate30m > ${6 * BUDGET}
  and job:http_server_requests:rate5m * 300 >= ${G.minRequestsPer5m}
)
or (instance:probe_failure_ratio:avg6h > ${6 * BUDGET} and instance:probe_failure_ratio:avg30m > ${6 * BUDGET})`,
      format: 'percent',
      description: `{{ $labels.job }} {{ $labels.instance }}: ${FORMATS.percent.template} of requests or probes failed over the last 6 hours, against a budget of ${g4(BUDGET * 100)}%: at this rate the month's budget is gone in 5 days.`,
      test: { series: (errors) => requests(errors, 1000 - errors), above: 10, below: 5, value: (errors) => errors / 1000, labels: SERVICE, evalAt: '60m' },
    },
    {
      id: 'X3',
      expr: (a) => `max by (${BY}, instance) (nodejs_eventloop_delay_p99_seconds) > ${a.value}`,
      format: 'seconds',
      description: (a) => `{{ $labels.job }} instance {{ $labels.instance }}: the event loop p99 delay is ${FORMATS.seconds.template}, above ${a.value * 1000} ms; every request waits that long.`,
      test: { series: (delay) => [{ series: `nodejs_eventloop_delay_p99_seconds{${SERVICE_SELECTOR}, instance="i-1"}`, values: `${delay}x90` }], above: 0.75, below: 0.45, value: (delay) => delay, labels: { ...SERVICE, instance: 'i-1' } },
    },
    {
      id: 'X4',
      expr: `sum by (job, instance) (rate({__name__=~"otelcol_receiver_refused_.+_total|otelcol_exporter_send_failed_.+_total|otelcol_exporter_enqueue_failed_.+_total|otelcol_processor_dropped_.+_total"}[5m])) > 0
or sum by (${BY}) (rate(otel_sdk_processor_span_processed_total{error_type!=""}[5m]) or rate(otel_sdk_processor_log_processed_total{error_type!=""}[5m])) > 0`,
      format: 'number',
      description: '{{ $labels.job }} {{ $labels.instance }} is losing telemetry: {{ $value | humanize }} items a second refused, dropped or failed to export.',
      test: { series: (perMinute) => [{ series: 'otelcol_exporter_send_failed_spans_total{job="otel-collector", instance="otel-collector:8888", exporter="otlphttp/tempo"}', values: step(perMinute) }], above: 60, below: 0, value: (perMinute) => perMinute / 60, labels: { job: 'otel-collector', instance: 'otel-collector:8888' } },
    },
    {
      id: 'X5',
      expr: 'sum by (job, instance, rule_group) (increase(prometheus_rule_evaluation_failures_total[5m])) > 0',
      format: 'number',
      description: 'Prometheus {{ $labels.instance }} failed {{ $value | humanize }} evaluations of rule group {{ $labels.rule_group }} in 5 minutes: alerts from it may be missing.',
      test: { series: (perMinute) => [{ series: 'prometheus_rule_evaluation_failures_total{job="prometheus", instance="prometheus:9090", rule_group="rules/alerts.yml;node-otel-stack.alerts"}', values: step(perMinute) }], above: 1, below: 0, value: () => 5, labels: { job: 'prometheus', instance: 'prometheus:9090', rule_group: 'rules/alerts.yml;node-otel-stack.alerts' } },
    },
    {
      id: 'X6',
      expr: `sum by (job, instance) (rate(prometheus_notifications_errors_total[5m]) or rate(prometheus_notifications_dropped_total[5m])) > 0
or sum by (job, instance, integration) (rate(alertmanager_notifications_failed_total[5m])) > 0
or max by (job, instance) (prometheus_notifications_alertmanagers_discovered) < 1`,
      format: 'number',
      description: '{{ $labels.job }} {{ $labels.instance }} {{ $labels.integration }}: alert notifications are failing or have nowhere to go (value {{ $value | humanize }}).',
      test: { series: (perMinute) => [{ series: 'alertmanager_notifications_failed_total{job="alertmanager", instance="alertmanager:9093", integration="slack"}', values: step(perMinute) }], above: 60, below: 0, value: (perMinute) => perMinute / 60, labels: { job: 'alertmanager', instance: 'alertmanager:9093', integration: 'slack' } },
    },
    {
      id: 'X7',
      expr: 'vector(1)',
      description: 'Always firing. If the heartbeat receiver stops hearing this alert, alerting itself is broken.',
      test: { series: () => [], above: true, below: undefined, labels: {} },
    },
  ];
}

// ---------------------------------------------------------------------------------------
// Rendering.
function quote(value) {
  return JSON.stringify(String(value));
}

function block(text, indent) {
  return `|-\n${text.split('\n').map((line) => `${' '.repeat(indent)}${line}`).join('\n')}`;
}

function resolved(definition) {
  const alert = A[definition.id];
  if (!alert) throw new Error(`thresholds.json has no alert ${definition.id}`);
  const expr = typeof definition.expr === 'function' ? definition.expr(alert) : definition.expr;
  const description = typeof definition.description === 'function' ? definition.description(alert) : definition.description;
  return { ...definition, alert, expr, description };
}

export function renderRecordingRules() {
  const lines = ['# Generated by scripts/alert-rules.js from prometheus/thresholds.json: do not edit by hand.', 'groups:', '  - name: node-otel-stack.recording', '    interval: 1m', '    rules:'];
  for (const rule of RECORDING_RULES) lines.push(`      - record: ${rule.record}`, `        expr: ${block(rule.expr, 10)}`);
  return `${lines.join('\n')}\n`;
}

export function renderAlertRules() {
  const lines = ['# Generated by scripts/alert-rules.js from prometheus/thresholds.json: do not edit by hand.', '# Runbooks: docs/runbooks/<alert>.md. Table: docs/alerts.md.', 'groups:', '  - name: node-otel-stack.alerts', '    rules:'];
  for (const definition of alertDefinitions().map(resolved)) {
    const { alert } = definition;
    lines.push(`      - alert: ${alert.name}`, `        expr: ${block(definition.expr, 10)}`);
    if (alert.for !== '0m') lines.push(`        for: ${alert.for}`);
    lines.push('        labels:', `          severity: ${alert.severity}`, `          threshold: ${definition.id.replace(/b$/, '')}`);
    if (definition.pair) lines.push(`          pair: ${definition.pair}`);
    lines.push('        annotations:', `          summary: ${quote(alert.summary)}`, `          description: ${quote(definition.description)}`, `          runbook_url: ${quote(`docs/runbooks/${alert.name}.md`)}`);
  }
  return `${lines.join('\n')}\n`;
}

function expectedAlert(definition, level) {
  const { alert, test } = definition;
  const labels = { severity: alert.severity, threshold: definition.id.replace(/b$/, ''), ...(definition.pair ? { pair: definition.pair } : {}), ...test.labels };
  const value = test.value?.(level);
  const description = definition.format && value !== undefined ? definition.description.replace(FORMATS[definition.format].template, FORMATS[definition.format].format(value)) : definition.description;
  return {
    exp_labels: labels,
    exp_annotations: { summary: alert.summary, description: expand(description, labels), runbook_url: `docs/runbooks/${alert.name}.md` },
  };
}

/** Fills {{ $labels.x }} the way Prometheus does (missing labels become empty). */
function expand(template, labels) {
  return template.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, name) => labels[name] ?? '');
}

function minutes(duration) {
  const match = /^(\d+)m$/.exec(duration);
  if (!match) throw new Error(`durations here are in minutes: ${duration}`);
  return Number(match[1]);
}

function renderSeries(series) {
  return series.length === 0 ? ['    input_series: []'] : ['    input_series:', ...series.flatMap((item) => [`      - series: ${quote(item.series)}`, `        values: ${quote(item.values)}`])];
}

export function renderTests() {
  const lines = [
    '# Generated by scripts/alert-rules.js from prometheus/thresholds.json: do not edit by hand.',
    '# For each alert: it fires above its threshold, stays silent just below it, and (where the',
    '# documents give a duration) stays silent until its `for` has passed.',
    'rule_files:',
    '  - ../rules/recording.yml',
    '  - ../rules/alerts.yml',
    'evaluation_interval: 1m',
    'tests:',
  ];
  const testCase = (name, series, evalTime, alertName, expected) => {
    lines.push(`  - name: ${quote(name)}`, '    interval: 1m', ...renderSeries(series), '    alert_rule_test:', `      - eval_time: ${evalTime}`, `        alertname: ${alertName}`);
    if (expected.length === 0) lines.push('        exp_alerts: []');
    else {
      lines.push('        exp_alerts:');
      for (const alert of expected) {
        lines.push(`          - exp_labels:`, ...Object.entries(alert.exp_labels).map(([key, value]) => `              ${key}: ${quote(value)}`));
        lines.push(`            exp_annotations:`, ...Object.entries(alert.exp_annotations).map(([key, value]) => `              ${key}: ${quote(value)}`));
      }
    }
  };
  for (const definition of alertDefinitions().map(resolved)) {
    const { alert, test } = definition;
    const forMinutes = minutes(alert.for);
    const evalAt = test.evalAt ?? `${Math.max(20, forMinutes + 15)}m`;
    testCase(`${definition.id} ${alert.name} fires above its threshold`, test.series(test.above), evalAt, alert.name, [expectedAlert(definition, test.above)]);
    if (test.below !== undefined) testCase(`${definition.id} ${alert.name} is silent just below its threshold`, test.series(test.below), evalAt, alert.name, []);
    if (definition.guard) testCase(`${definition.id} ${alert.name} is silent under the traffic guard: ${definition.guard.note}`, definition.guard.series(), evalAt, alert.name, []);
    if (forMinutes > 0) {
      // The condition holds from the first minute of the series (rates need two samples), so
      // one minute before `for` has passed the alert is pending, not firing.
      testCase(`${definition.id} ${alert.name} waits for its ${alert.for}`, test.series(test.above), `${forMinutes - 1}m`, alert.name, []);
    }
  }
  // The two examples the issue gives of what must not page: a 3-minute outage and 3% of 5xx.
  const outage = alertDefinitions().find((definition) => definition.id === 'X1').test.series(true);
  testCase('A 3-minute outage pages nobody: ServiceDown waits for 5 minutes (the budget-burn warning covers it)', outage, '62m', A.C1.name, []);
  testCase('3% of 5xx pages nobody: HighErrorRate stays silent (ElevatedErrorRate warns)', requests(3, 97), '20m', A.C2.name, []);
  return `${lines.join('\n')}\n`;
}

export function renderDocsTable() {
  const rows = alertDefinitions().map(resolved).map(({ id, alert }) => `| ${id.replace(/b$/, '')} | [${alert.name}](runbooks/${alert.name}.md) | ${alert.severity} | ${alert.summary} | ${alert.for === '0m' ? '—' : alert.for} | ${alert.source} |`);
  return [
    '# Alerts',
    '',
    'Generated by `scripts/alert-rules.js` from `prometheus/thresholds.json`, the one table of',
    'thresholds (rules, their tests, this page and the dashboards read it). Severity decides the',
    'route: critical pages and posts to chat, warning posts to chat, info goes to a daily e-mail.',
    `Availability objective: ${slo.availability * 100}% (error budget ${g4(BUDGET * 100)}%).`,
    '',
    '| id | alert | severity | condition | for | documented in |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

export const OUTPUTS = {
  'prometheus/rules/recording.yml': renderRecordingRules,
  'prometheus/rules/alerts.yml': renderAlertRules,
  'prometheus/tests/alerts.test.yml': renderTests,
  'docs/alerts.md': renderDocsTable,
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [path, render] of Object.entries(OUTPUTS)) writeFileSync(join(ROOT, path), render());
  process.stdout.write(`wrote ${Object.keys(OUTPUTS).join(', ')}\n`);
}
