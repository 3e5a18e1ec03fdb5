// TelemetryPipelineLoss (threshold X4) end to end, with the real counter names: the real
// collector (otel-collector/config.yaml, built from otel-collector/builder-config.yaml) exports
// traces to a trace backend that first accepts them and then answers every request with HTTP
// 500; the real Prometheus 3 (prometheus/prometheus.yml, the repository's rules with `for:`
// scaled by test/e2e/support/scaled-rules.js) scrapes the collector's own metrics as job
// otel-collector. Proven:
//   - with a healthy backend, once Prometheus has the collector's export counters and has
//     evaluated the rule on them, the alert is neither pending nor firing (the control);
//   - once the backend fails, the collector's own metrics endpoint counts the lost spans under
//     exactly the name the rule reads, and Prometheus fires the alert for the collector's job
//     and instance.
// Tempo and Loki cannot run here: a switchable HTTP server in this file stands in for Tempo,
// the tests' OTLP receiver (test/support/otlp-receiver.js, always 200) for Loki. Metrics go to
// the real Prometheus' OTLP receiver. Spans are posted as OTLP/JSON straight to the
// collector's /v1/traces, so that nothing but the collector can be the source of the loss.
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { freePort, REPO_ROOT } from '../support/app-process.js';
import { startReceiver } from '../support/otlp-receiver.js';
import { startCollector } from './support/collector.js';
import { scrape } from './support/exposition.js';
import { startPrometheus } from './support/prometheus.js';
import { writeScaledRules } from './support/scaled-rules.js';
import { scaled } from './support/time-scale.js';

const ALERT = 'TelemetryPipelineLoss';
const TEMPO_EXPORTER = 'otlphttp/tempo';
const COLLECTOR_JOB = 'otel-collector';

/** The alert's rule as the repository ships it (the scaled copy differs only in `for:`). */
function pipelineLossRule() {
  const { groups } = parseYaml(readFileSync(join(REPO_ROOT, 'prometheus/rules/alerts.yml'), 'utf8'));
  const rule = groups.flatMap((group) => group.rules).find((candidate) => candidate.alert === ALERT);
  assert.ok(rule, `${ALERT} is in prometheus/rules/alerts.yml`);
  return rule;
}

/**
 * The Tempo stand-in: answers OTLP/HTTP with `status`, which the test switches. Failing means
 * 500 because the collector's otlphttp exporter (0.148.0, isRetryableStatusCode) retries only
 * 429, 502, 503 and 504, for up to retry_on_failure's max_elapsed_time (5 minutes by default,
 * which config.yaml keeps) before it counts the spans as failed; any other error status is a
 * permanent error, so otelcol_exporter_send_failed_spans counts them on the first attempt.
 */
async function startTraceBackend() {
  const backend = { status: 200, answered: { 200: 0, 500: 0 }, url: '' };
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/v1/traces') backend.answered[backend.status] = (backend.answered[backend.status] ?? 0) + 1;
      response.writeHead(backend.status, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  backend.url = `http://127.0.0.1:${server.address().port}`;
  backend.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return backend;
}

/** One OTLP/JSON request with one span, as an SDK would send it. */
async function postSpan(collector) {
  const hex = (length) => Array.from({ length }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const now = BigInt(Date.now()) * 1_000_000n;
  const body = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'pipeline-loss-e2e' } }] },
      scopeSpans: [{
        scope: { name: 'pipeline-loss-e2e' },
        spans: [{ traceId: hex(32), spanId: hex(16), name: 'GET /loss', kind: 2, startTimeUnixNano: String(now - 5_000_000n), endTimeUnixNano: String(now) }],
      }],
    }],
  };
  const response = await fetch(`${collector.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // The collector queues before it exports: it accepts the span whatever the backend does.
  assert.equal(response.status, 200, await response.text());
}

/** The collector's own metrics as its Prometheus endpoint serves them: { name, labels, value }. */
const scrapeCollector = (collector) => scrape(`http://127.0.0.1:${collector.metricsPort}/metrics`);

/** Polls until `check` returns a truthy value; fails with `describe()` of what it last saw. */
async function eventually(check, describe, timeoutMs = 90_000) {
  const deadline = Date.now() + scaled(timeoutMs);
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) assert.fail(`timed out: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe(`a failing trace backend -> collector's own counters -> Prometheus -> ${ALERT}`, () => {
  const rule = pipelineLossRule();
  let tempo;
  let loki;
  let prometheus;
  let collector;
  let sending;
  let sendError;

  /** The rule as Prometheus evaluates it, with when it last did. */
  const loadedRule = async () => {
    const response = await fetch(`${prometheus.url}/api/v1/rules?${new URLSearchParams({ type: 'alert', 'rule_name[]': ALERT })}`);
    return (await response.json()).data.groups.flatMap((group) => group.rules).find((candidate) => candidate.name === ALERT);
  };
  const activeAlerts = async () => (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()).data.alerts
    .filter((alert) => alert.labels.alertname === ALERT);

  before(async () => {
    tempo = await startTraceBackend();
    loki = await startReceiver();
    // Asked of the OS first: Prometheus' configuration names it as the otel-collector target.
    // The other targets (Alertmanager, blackbox, ...) are not started and simply fail to scrape.
    const collectorMetricsPort = await freePort();
    prometheus = await startPrometheus({ 'otel-collector:8888': collectorMetricsPort }, { rulesDir: writeScaledRules().dir });
    collector = await startCollector({ prometheusUrl: prometheus.url, tempoUrl: tempo.url, lokiUrl: loki.url, metricsPort: collectorMetricsPort });
    // A span a second for the whole run: rate() over the counters needs them to keep growing
    // between Prometheus' scrapes (every 15 s), in the healthy phase and in the failing one.
    sending = setInterval(() => postSpan(collector).catch((error) => { sendError ??= error; }), 1000);
    sending.unref();
  });
  after(async () => {
    clearInterval(sending);
    await collector?.stop();
    await prometheus?.stop();
    await tempo?.close();
    await loki?.close();
  });

  test('control: with the backend accepting, the exported spans reach Prometheus and the alert stays inactive', async () => {
    // Tempo's exports counted by the collector, then seen growing by Prometheus (two scrapes).
    const sentName = await eventually(
      async () => (await scrapeCollector(collector)).find((sample) => sample.name.startsWith('otelcol_exporter_sent_spans') && sample.labels.exporter === TEMPO_EXPORTER && sample.value > 0)?.name,
      async () => `exported spans in the collector's metrics; the Tempo stand-in answered ${JSON.stringify(tempo.answered)}; ${collector.output().slice(-2000)}`,
    );
    await eventually(
      async () => (await prometheus.query(`rate(${sentName}{job="${COLLECTOR_JOB}", exporter="${TEMPO_EXPORTER}"}[5m]) > 0`)).length > 0,
      async () => `Prometheus sees ${sentName} grow; up: ${JSON.stringify(await prometheus.query(`up{job="${COLLECTOR_JOB}"}`))}`,
    );
    assert.ok(tempo.answered[200] > 0, 'the Tempo stand-in accepted spans');
    // An evaluation of the rule that started after Prometheus had those samples.
    const seenAt = Date.now();
    const evaluated = await eventually(
      async () => { const loaded = await loadedRule(); return loaded && Date.parse(loaded.lastEvaluation) > seenAt && loaded; },
      async () => `an evaluation of ${ALERT} after ${new Date(seenAt).toISOString()}: ${JSON.stringify(await loadedRule())}`,
    );
    assert.equal(evaluated.health, 'ok', evaluated.lastError);
    assert.equal(evaluated.state, 'inactive');
    assert.deepEqual(await prometheus.query(rule.expr), [], 'the rule\'s expression finds no loss');
    assert.deepEqual(await activeAlerts(), []);
    assert.equal(sendError, undefined);
  });

  test('the backend answers 500: the collector counts the spans as failed under the rule\'s name, and the alert fires for its job and instance', async () => {
    tempo.status = 500;
    // (1) The collector's own endpoint: the real name of the counter, with Tempo's exporter.
    const failed = await eventually(
      async () => { const samples = (await scrapeCollector(collector)).filter((sample) => sample.name.startsWith('otelcol_exporter_send_failed_spans') && sample.labels.exporter === TEMPO_EXPORTER && sample.value > 0); return samples.length > 0 && samples; },
      async () => `failed spans in the collector's metrics; the Tempo stand-in answered ${JSON.stringify(tempo.answered)}; ${collector.output().slice(-2000)}`,
      30_000,
    );
    const ruleNames = [...new Set(rule.expr.match(/otelcol_exporter_send_failed_spans\w*/g))];
    for (const { name } of failed) assert.deepEqual(ruleNames, [name], `the collector exposes ${name}; ${ALERT} reads ${ruleNames.join(', ')}`);
    const realName = failed[0].name;
    // (2) Prometheus stores it under that name, for the collector's job and instance...
    const instance = `127.0.0.1:${collector.metricsPort}`;
    await eventually(
      async () => (await prometheus.query(`sum by (job, instance) (rate(${realName}{exporter="${TEMPO_EXPORTER}"}[5m])) > 0`)).some((series) => series.metric.job === COLLECTOR_JOB && series.metric.instance === instance),
      async () => `Prometheus sees ${realName} grow: ${JSON.stringify(await prometheus.query(realName))}`,
    );
    // ...and fires the alert (for: scaled to 5 s), with the rule's labels.
    const firing = await eventually(
      async () => (await activeAlerts()).find((alert) => alert.state === 'firing'),
      async () => `${ALERT} firing; Prometheus has ${JSON.stringify(await activeAlerts())}; the rule: ${JSON.stringify(await loadedRule())}`,
    );
    assert.equal(firing.labels.job, COLLECTOR_JOB);
    assert.equal(firing.labels.instance, instance);
    assert.equal(firing.labels.severity, 'warning');
    assert.equal(firing.labels.threshold, 'X4');
    assert.ok(Number(firing.value) > 0, `at least ${firing.value} items a second lost`);
    assert.ok(tempo.answered[500] > 0, 'the Tempo stand-in refused spans');
    assert.equal(sendError, undefined);
  });
});
