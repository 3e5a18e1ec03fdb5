// The scaled topology's metrics path under faults, with the real binaries and the files
// docker-compose.scaled.yml runs: Prometheus (prometheus/prometheus-scaled.yml) scrapes and
// remote-writes to three Thanos receivers (thanos/hashring.json, replication factor 3),
// Thanos query reads them back deduplicated, with Prometheus's own TSDB through the sidecar,
// and the Thanos ruler evaluates the stack's rule files (prometheus/rules) over Thanos query
// and notifies a real Alertmanager.
//
// It begins as a user's move does: the single-host Prometheus (prometheus.yml) collects for a
// while and stops; the scaled topology's Prometheus starts on the same data (compose's
// prometheus-data volume), and what was collected before the move must stay queryable.
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
import { dataDirectory, startThanosQuery, startThanosReceivers, startThanosRuler, startThanosSidecar } from '../support/scaled-topology.js';
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
  let sidecar;
  const beforeTheMove = {};

  before(async () => {
    inbox = await startInbox();
    alertmanager = await startAlertmanager({ inbox });
    // The single-host stack, before the move: its alerts go nowhere here, so that every
    // alert Alertmanager sees below comes from the ruler.
    const tsdb = dataDirectory('prometheus-data');
    const singleHost = await startPrometheus({ 'alertmanager:9093': await freePort() }, { dataDirectory: tsdb });
    beforeTheMove.from = Date.now() / 1000;
    await sleep(SCRAPE_INTERVAL_MS * 2 + 2_000);
    beforeTheMove.to = Date.now() / 1000 - 1;
    beforeTheMove.samples = Number((await singleHost.queryAt(samplesOver(beforeTheMove.from, beforeTheMove.to), beforeTheMove.to))[0]?.value[1] ?? 0);
    await singleHost.stop();

    receivers = await startThanosReceivers();
    const rulerGrpcPort = await freePort();
    const ports = { 'thanos-receive-1:19291': receivers[0].ports.remoteWrite, 'alertmanager:9093': alertmanager.port };
    for (const receiver of receivers) ports[`${receiver.name}:10902`] = receiver.ports.http;
    prometheus = await startPrometheus(ports, { topology: 'scaled', dataDirectory: tsdb });
    sidecar = await startThanosSidecar({ prometheusUrl: prometheus.url, tsdbPath: tsdb });
    query = await startThanosQuery([...receivers.map((receiver) => `127.0.0.1:${receiver.ports.grpc}`), `127.0.0.1:${rulerGrpcPort}`, sidecar.grpcEndpoint]);
    ruler = await startThanosRuler({ queryUrl: query.url, alertmanagerUrls: [alertmanager.url], grpcPort: rulerGrpcPort });
  });

  after(async () => {
    await sidecar?.stop();
    await prometheus?.stop();
    await ruler?.stop();
    await query?.stop();
    for (const receiver of receivers ?? []) await receiver.stop();
    await alertmanager?.stop();
    await inbox?.stop();
  });

  /** The up series of the scaled topology's Prometheus (the single-host one's, from before the move, is still fresh). */
  const ownUp = () => `up{job="prometheus",instance="127.0.0.1:${prometheus.port}"}`;

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

  test('what the single-host Prometheus collected before the move stays queryable, once', async () => {
    assert.ok(beforeTheMove.samples > 0, 'the single-host Prometheus scraped before the move');
    const stored = Number((await query.query(samplesOver(beforeTheMove.from, beforeTheMove.to), { time: beforeTheMove.to }))[0]?.value[1] ?? 0);
    assert.equal(stored, beforeTheMove.samples, 'Thanos query reads the history through the sidecar, each sample once');
    const atReceivers = await query.query(`prometheus_http_requests_total{job="prometheus"} @ ${beforeTheMove.to}`, { dedup: false });
    assert.ok(atReceivers.length > 0, 'the history\'s series are there');
    assert.ok(atReceivers.every((series) => series.metric.receive_replica === undefined), 'the receivers never got the history: the sidecar is what serves it');
  });

  test('each sample is stored by all three receivers and read back once', async () => {
    // Three from the receivers, and Prometheus's own copy through the sidecar.
    await eventually(async () => (await query.query(ownUp(), { dedup: false })).length === 4, 'four copies of Prometheus\'s up series', 60_000);
    const copies = await query.query(ownUp(), { dedup: false });
    assert.deepEqual(copies.map((series) => series.metric.receive_replica ?? 'sidecar').sort(), ['1', '2', '3', 'sidecar']);
    const merged = await query.query(ownUp());
    assert.equal(merged.length, 1, 'deduplicated to one series');
    assert.equal(merged[0].metric.receive_replica, undefined);
    assert.equal(merged[0].metric.prometheus_replica, undefined);
    assert.equal(merged[0].metric.tenant_id, undefined);
  });

  test('a receiver killed under load: queries still answer, no sample is lost, and the merged series fill its gap', async () => {
    const victim = receivers[2];
    const from = Date.now() / 1000;
    await victim.kill();
    await sleep(SCRAPE_INTERVAL_MS * 2 + 2_000);
    assert.equal((await query.query(ownUp())).length, 1, 'Thanos query answers with a receiver down');
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
