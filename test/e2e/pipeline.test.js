// End to end through the real collector and Prometheus 3 (built by
// scripts/build-stack-binaries.sh, run with the repository's configuration files): an app
// under the preload -> collector -> Prometheus' OTLP receiver, asserted through Prometheus'
// HTTP API. Tempo and Loki cannot run here: the test's OTLP receiver stands in for both
// (it is what the collector's exporters send to) and the assertions say so.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { freePort, startApp } from '../support/app-process.js';
import { attributesOf, startReceiver } from '../support/otlp-receiver.js';
import { run, startAlertmanager, startBlackbox, startCollector, startPrometheus, waitForSeries } from './support/stack.js';

const SERVICE = { OTEL_SERVICE_NAME: 'shop', OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=demo,deployment.environment.name=test' };

test('the collector configuration passes the built binary\'s validate', () => {
  const result = run('otelcol-stack', ['validate', '--config', 'otel-collector/config.yaml']);
  assert.equal(result.status, 0, result.output);
});

test('the Prometheus configuration passes promtool check config', () => {
  const result = run('promtool', ['check', 'config', 'prometheus/prometheus.yml']);
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, /SUCCESS/);
});

test('the Alertmanager configuration passes amtool check-config', () => {
  const result = run('amtool', ['check-config', 'alertmanager/alertmanager.yml']);
  assert.equal(result.status, 0, result.output);
});

test('the blackbox configuration passes the exporter\'s own check', () => {
  const result = run('blackbox_exporter', ['--config.check', '--config.file=prometheus/blackbox.yml']);
  assert.equal(result.status, 0, result.output);
});

describe('app -> collector -> Prometheus', () => {
  let standIn; // stands in for Tempo and Loki
  let prometheus;
  let collector;
  let blackbox;
  let alertmanager;
  let app;
  let appPort;

  before(async () => {
    standIn = await startReceiver();
    const collectorMetricsPort = await freePort();
    appPort = await freePort();
    blackbox = await startBlackbox();
    alertmanager = await startAlertmanager();
    prometheus = await startPrometheus({ 'otel-collector:8888': collectorMetricsPort, 'blackbox-exporter:9115': blackbox.port, 'alertmanager:9093': alertmanager.port, 'demo-app:3000': appPort });
    collector = await startCollector({ prometheusUrl: prometheus.url, tempoUrl: standIn.url, lokiUrl: standIn.url, metricsPort: collectorMetricsPort });
    app = await startApp('test/fixtures/esm-express.mjs', { env: { ...SERVICE, PORT: String(appPort), OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpUrl } });
    for (let index = 0; index < 5; index++) assert.equal((await app.get(`/users/${index}`)).status, 200);
    assert.equal((await app.get('/fail')).status, 500);
    assert.equal((await app.get('/outgoing')).status, 200);
  });
  after(async () => {
    await app?.stop('SIGTERM');
    collector?.stop();
    prometheus?.stop();
    blackbox?.stop();
    alertmanager?.stop();
    await standIn?.close();
  });

  test('request durations arrive with the contract\'s name and labels, and exact buckets', async () => {
    const [series] = await waitForSeries(prometheus, 'http_server_request_duration_seconds_bucket{http_route="/users/:id", le="2"}');
    const labels = series.metric;
    assert.equal(labels.job, 'demo/shop');
    assert.equal(labels.service_name, 'shop');
    assert.equal(labels.service_namespace, 'demo');
    assert.equal(labels.deployment_environment_name, 'test');
    assert.equal(labels.http_request_method, 'GET');
    assert.equal(labels.http_response_status_code, '200');
    assert.match(labels.instance, /^[0-9a-f-]{36}$/);
    // 5 direct requests, and the one /outgoing makes to /users/downstream.
    assert.equal(Number(series.value[1]), 6);
    const [failed] = await waitForSeries(prometheus, 'http_server_request_duration_seconds_count{http_route="/fail"}');
    assert.equal(failed.metric.error_type, '500');
  });

  test('target_info carries service_version and the other resource attributes', async () => {
    const [info] = await waitForSeries(prometheus, 'target_info{job="demo/shop"}');
    assert.equal(info.metric.service_version, '0.1.0');
    assert.ok(info.metric.host_name);
  });

  test('runtime and process metrics arrive under their translated names', async () => {
    for (const name of ['nodejs_eventloop_delay_p99_seconds', 'nodejs_eventloop_utilization_ratio', 'v8js_memory_heap_used_bytes', 'process_cpu_utilization_ratio', 'process_memory_usage_bytes']) {
      await waitForSeries(prometheus, `${name}{job="demo/shop"}`);
    }
  });

  test('span metrics arrive with exemplars whose trace ids were exported to the trace backend stand-in', async () => {
    await waitForSeries(prometheus, 'traces_span_metrics_duration_seconds_bucket{service_name="shop"}', 90_000);
    const groups = await prometheus.exemplars('traces_span_metrics_duration_seconds_bucket{service_name="shop"}');
    const exemplarTraceIds = groups.flatMap((group) => group.exemplars.map((exemplar) => exemplar.labels.trace_id));
    assert.ok(exemplarTraceIds.length > 0, 'exemplars stored');
    const exportedTraceIds = new Set(standIn.spans().map((span) => span.traceId));
    assert.ok(exemplarTraceIds.every((id) => exportedTraceIds.has(id)), 'every exemplar points at a trace the collector exported (Tempo stand-in)');
  });

  test('logs with trace ids reach the log backend stand-in (Loki) through the collector', async () => {
    const record = await standIn.waitFor((r) => r.logRecords().find((log) => log.traceId && attributesOf(log.resource.attributes)['service.name'] === 'shop'), { what: 'a log record from the app' });
    assert.equal(record.traceId.length, 32);
  });

  test('the collector reports its own metrics to Prometheus, with nothing refused or failed', async () => {
    // Scraped every 15 s: wait until the collector has reported sending every signal.
    for (const sent of ['otelcol_receiver_accepted_spans_total', 'otelcol_exporter_sent_spans_total', 'otelcol_exporter_sent_metric_points_total', 'otelcol_exporter_sent_log_records_total']) {
      await waitForSeries(prometheus, `sum(${sent}) > 0`, 60_000);
    }
    // Failure counters appear only once something fails: absent or zero both mean none.
    for (const name of ['otelcol_receiver_refused_spans_total', 'otelcol_exporter_send_failed_spans_total', 'otelcol_exporter_send_failed_metric_points_total', 'otelcol_exporter_send_failed_log_records_total']) {
      const result = await prometheus.query(`sum(${name})`);
      assert.ok(result.length === 0 || Number(result[0].value[1]) === 0, `${name} = ${JSON.stringify(result)}`);
    }
  });

  test('every series docs/CONTRACT.md marks e2e exists, with the labels it lists as always present', async () => {
    const rows = contractRows().filter((row) => row.checked === 'e2e');
    assert.ok(rows.length >= 20, `the contract table was read (${rows.length} e2e rows)`);
    for (const row of rows) {
      const series = await waitForSeries(prometheus, `{__name__="${row.name}"}`, 60_000);
      const labelNames = new Set(series.flatMap((item) => Object.keys(item.metric)));
      const expected = [...row.labels, ...commonLabelsOf(row)];
      for (const label of expected) assert.ok(labelNames.has(label), `${row.name} has label ${label}; it has ${[...labelNames].join(', ')}`);
    }
  });

  test('Prometheus scrapes itself, the collector, Alertmanager and the blackbox exporter, and sends alerts to Alertmanager', async () => {
    for (const job of ['prometheus', 'otel-collector', 'alertmanager', 'blackbox']) {
      await waitForSeries(prometheus, `up{job="${job}"} == 1`, 60_000);
    }
    const response = await (await fetch(`${prometheus.url}/api/v1/alertmanagers`)).json();
    assert.deepEqual(response.data.activeAlertmanagers.map((target) => target.url), [`http://127.0.0.1:${alertmanager.port}/api/v2/alerts`]);
  });

  // Last: it stops the app.
  test('the blackbox probe of the health endpoint reads 1, and 0 once the app is stopped', async () => {
    const up = `probe_success{job="blackbox", service="demo-app", instance="http://127.0.0.1:${appPort}/health"}`;
    await waitForSeries(prometheus, `${up} == 1`, 60_000);
    await app.stop('SIGTERM');
    await waitForSeries(prometheus, `${up} == 0`, 60_000);
  });
});

const COMMON_LABELS = ['job', 'instance', 'service_name', 'service_namespace', 'service_version', 'deployment_environment_name'];

/** Pushed series carry all common labels; target_info and probes job and instance; the collector's none of ours. */
function commonLabelsOf(row) {
  if (row.source.startsWith('collector')) return [];
  if (row.name === 'target_info' || row.source.startsWith('blackbox')) return ['job', 'instance'];
  return COMMON_LABELS;
}

/** The rows of the contract table: series name, always-present labels, source, checked. */
function contractRows() {
  const text = readFileSync(new URL('../../docs/CONTRACT.md', import.meta.url), 'utf8');
  const table = /<!-- contract:start -->\n([\s\S]*?)<!-- contract:end -->/.exec(text)[1];
  return table.trim().split('\n').slice(2).map((line) => {
    const [name, always, , source, checked] = line.split('|').slice(1, -1).map((cell) => cell.trim());
    return { name: name.replaceAll('`', ''), labels: [...always.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]), source, checked };
  });
}
