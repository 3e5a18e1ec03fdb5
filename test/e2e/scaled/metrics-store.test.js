// The scaled topology's metrics path under faults, with the real binaries and the files
// docker-compose.scaled.yml runs: Prometheus (prometheus/prometheus-scaled.yml) scrapes and
// remote-writes to three Thanos receivers (thanos/hashring.json, replication factor 3),
// Thanos query reads them back deduplicated, and the Thanos ruler evaluates the stack's rule
// files (prometheus/rules) over Thanos query and notifies a real Alertmanager.
//
// "No sample lost" is measured against Prometheus itself: it keeps what it scraped in its own
// TSDB, so the count of samples over a window, asked of Prometheus and of Thanos query, must
// be equal once the remote write has caught up.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { freePort, REPO_ROOT } from '../../support/app-process.js';
import { startInbox } from '../../support/alert-inbox.js';
import { startAlertmanager } from '../support/alertmanager.js';
import { startPrometheus } from '../support/prometheus.js';
import { startThanosQuery, startThanosReceivers, startThanosRuler } from '../support/scaled-topology.js';
import { eventually, scaled } from '../../support/timing.js';

const SCRAPE_INTERVAL_MS = 15_000; // prometheus-scaled.yml, global.scrape_interval
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Samples over [from, to] (seconds), asked at `to`, of a metric with dozens of series that
 * Prometheus scrapes from itself (one per HTTP handler and status code).
 */
const samplesOver = (from, to) => `sum(count_over_time(prometheus_http_requests_total{job="prometheus"}[${Math.round(to - from)}s]))`;

describe('the scaled topology\'s metrics store', () => {
  let inbox;
  let alertmanager;
  let receivers;
  let query;
  let ruler;
  let prometheus;

  before(async () => {
    inbox = await startInbox();
    alertmanager = await startAlertmanager({ inbox });
    receivers = await startThanosReceivers();
    const rulerGrpcPort = await freePort();
    query = await startThanosQuery([...receivers.map((receiver) => `127.0.0.1:${receiver.ports.grpc}`), `127.0.0.1:${rulerGrpcPort}`]);
    ruler = await startThanosRuler({ queryUrl: query.url, alertmanagerUrls: [alertmanager.url], grpcPort: rulerGrpcPort });
    const ports = { 'thanos-receive-1:19291': receivers[0].ports.remoteWrite, 'alertmanager:9093': alertmanager.port, 'thanos-query:10902': query.ports.http, 'thanos-rule:10902': ruler.ports.http };
    for (const receiver of receivers) ports[`${receiver.name}:10902`] = receiver.ports.http;
    prometheus = await startPrometheus(ports, { topology: 'scaled' });
  });

  after(async () => {
    await prometheus?.stop();
    await ruler?.stop();
    await query?.stop();
    for (const receiver of receivers ?? []) await receiver.stop();
    await alertmanager?.stop();
    await inbox?.stop();
  });

  /** Prometheus's and Thanos's sample counts over the window, once Thanos has caught up. */
  async function compareWindow(from, to) {
    const local = Number((await prometheus.queryAt(samplesOver(from, to), to))[0]?.value[1] ?? 0);
    assert.ok(local > 0, 'Prometheus scraped itself in the window');
    let stored = 0;
    await eventually(async () => {
      stored = Number((await query.query(samplesOver(from, to), { time: to }))[0]?.value[1] ?? 0);
      return stored === local;
    }, `Thanos to hold the window's ${local} samples (it has ${stored})`, 60_000).catch(() => {});
    return { local, stored };
  }

  test('each sample is stored by all three receivers and read back once', async () => {
    await eventually(async () => (await query.query('up{job="prometheus"}', { dedup: false })).length === 3, 'three copies of Prometheus\'s up series', 60_000);
    const copies = await query.query('up{job="prometheus"}', { dedup: false });
    assert.deepEqual(copies.map((series) => series.metric.receive_replica).sort(), ['1', '2', '3']);
    const merged = await query.query('up{job="prometheus"}');
    assert.equal(merged.length, 1, 'deduplicated to one series');
    assert.equal(merged[0].metric.receive_replica, undefined);
    assert.equal(merged[0].metric.prometheus_replica, undefined);
  });

  test('a receiver killed under load: queries still answer, no sample is lost, and the merged series fill its gap', async () => {
    const victim = receivers[2];
    const from = Date.now() / 1000;
    await victim.kill();
    await sleep(SCRAPE_INTERVAL_MS * 2 + 2_000);
    assert.equal((await query.query('up{job="prometheus"}')).length, 1, 'Thanos query answers with a receiver down');
    await victim.restart();
    await sleep(SCRAPE_INTERVAL_MS + 2_000);
    const to = Date.now() / 1000 - 5;
    const { local, stored } = await compareWindow(from, to);
    assert.equal(stored, local, 'every sample Prometheus scraped in the window is in Thanos, counted once');
    // The killed receiver's own copy has the gap the two others filled.
    const own = Number((await query.query(`sum(count_over_time(prometheus_http_requests_total{job="prometheus",receive_replica="3"}[${Math.round(to - from)}s]))`, { dedup: false, time: to }))[0]?.value[1] ?? 0);
    assert.ok(own < local, `the killed receiver missed samples (${own} of ${local}): the test saw a real gap`);
  });

  test('the receiver Prometheus writes to killed: the samples wait in Prometheus\'s WAL and all arrive after its return', async () => {
    const entry = receivers[0];
    const from = Date.now() / 1000;
    await entry.kill();
    await sleep(SCRAPE_INTERVAL_MS * 2 + 2_000);
    await entry.restart();
    await sleep(scaled(5_000));
    const to = Date.now() / 1000 - 5;
    const { local, stored } = await compareWindow(from, to);
    assert.equal(stored, local, 'the samples scraped while the entry receiver was down arrived');
  });

  test('the ruler evaluates the stack\'s rule files over Thanos query and notifies Alertmanager without its replica label', async () => {
    const expected = readdirSync(join(REPO_ROOT, 'prometheus/rules')).filter((name) => name.endsWith('.yml'))
      .flatMap((name) => parse(readFileSync(join(REPO_ROOT, 'prometheus/rules', name), 'utf8')).groups.map((group) => group.name)).sort();
    let body;
    const groups = await eventually(async () => {
      body = await (await fetch(`${ruler.url}/api/v1/rules`)).json();
      const loaded = body.data?.groups ?? [];
      // Every rule evaluated at least once (but in the groups that run every 10 minutes).
      const evaluated = (rule) => rule.lastEvaluation && !rule.lastEvaluation.startsWith('0001');
      return loaded.length > 0 && loaded.every((group) => group.interval > 60 || group.rules.every(evaluated)) && loaded;
    }, 'every rule evaluated by the ruler', 60_000).catch((error) => { throw new Error(`${error.message}: ${JSON.stringify((body?.data?.groups ?? []).map((group) => [group.name, Object.keys(group), group.rules.filter((rule) => !rule.lastEvaluation || rule.lastEvaluation.startsWith('0001')).map((rule) => [rule.name, rule.lastEvaluation, rule.health])]))}`); });
    assert.deepEqual(groups.map((group) => group.name).sort(), expected);
    for (const group of groups) for (const rule of group.rules) assert.notEqual(rule.health, 'err', `${group.name}/${rule.name}: ${rule.lastError}`);
    assert.ok(groups.flatMap((group) => group.rules).filter((rule) => rule.health === 'ok').length > 40, 'the rules evaluated without error');
    // Watchdog always fires: it is the proof that the ruler's alerts reach Alertmanager.
    const watchdog = await eventually(async () => (await alertmanager.alerts()).find((alert) => alert.labels.alertname === 'Watchdog'), 'the ruler\'s Watchdog at Alertmanager', 60_000);
    assert.equal(watchdog.labels.ruler_replica, undefined, 'the ruler drops its replica label, so two rulers\' alerts deduplicate');
  });
});
