// The scaled topology's components (docker-compose.scaled.yml) as processes on 127.0.0.1, for
// the fault tests in test/e2e/scaled and the capacity benchmark: the agent and gateway
// collectors (otel-collector/agent.yaml, gateway.yaml) and the Thanos receivers, query, ruler
// and sidecar, each with the command line the merged compose project gives its container.
//
// The one substitution is addresses, as for the single-host stack (stack.js): the collectors
// read theirs from OTELCOL_* variables; Thanos takes them as flags, and the receivers'
// hashring (thanos/hashring.json) is written beside the original with each compose
// `host:port` replaced by a 127.0.0.1 port. Every component can be started again on the same
// ports and data directory (`restart()`), which is what the fault tests do after a kill; those
// ports are below the ephemeral range, so nothing else can take them while it is down.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT, restartablePort } from '../../support/app-process.js';
import { hostCommand } from '../../support/compose.js';
import { binary } from './binaries.js';
import { startProcess, waitForOutput, waitUntil } from './component-process.js';
import { scrape } from './exposition.js';

export { sumOf } from './exposition.js';

const directories = new Set();
process.on('exit', () => { for (const directory of directories) rmSync(directory, { recursive: true, force: true }); });

/** A fresh directory that outlives restarts of the component using it (removed at exit). */
export function dataDirectory(name) {
  const directory = mkdtempSync(join(tmpdir(), `${name}-`));
  directories.add(directory);
  return directory;
}

/**
 * `args` with every `flag=...` removed and one `flag=value` per value appended: compose lists
 * a repeated flag (`--endpoint`, `--cluster.peer`) once per peer, by compose name.
 */
export function withRepeatedFlag(args, flag, values) {
  return [...args.filter((arg) => !arg.startsWith(`${flag}=`)), ...values.map((value) => `${flag}=${value}`)];
}

/**
 * Wraps a start function so that the component can be started again with the same settings
 * (ports, data directory): the returned object's `restart()` stops nothing, it only starts.
 */
async function restartable(start) {
  const component = { process: await start() };
  component.restart = async () => { component.process = await start(); return component; };
  component.stop = (signal, options) => component.process.stop(signal, options);
  component.kill = () => component.process.stop('SIGKILL');
  component.output = () => component.process.output();
  return component;
}

/** A component's own metrics (its Prometheus endpoint on 127.0.0.1), sample by sample. */
export const collectorMetrics = (metricsPort) => scrape(`http://127.0.0.1:${metricsPort}/metrics`);

async function startCollector(component, service, env) {
  const collector = startProcess(component, binary('otelcol-stack'), hostCommand(service, {}, { scaled: true }), { env: { OTELCOL_HEALTH_ENDPOINT: '127.0.0.1:0', OTELCOL_METRICS_HOST: '127.0.0.1', ...env } });
  await waitForOutput(collector, /Everything is ready\. Begin running and processing data\./, `the ${component} to be ready`);
  return collector;
}

/**
 * Two gateways (otel-gateway-1 and -2), each with its own backends: `backends(index)` returns
 * the { prometheusUrl, tempoUrl, lokiUrl } gateway `index` (1 or 2) exports to, so a test can
 * tell which gateway a trace went through.
 */
export async function startGateways(backends) {
  const gateways = [];
  for (const index of [1, 2]) {
    const ports = { byTrace: await restartablePort(), byService: await restartablePort(), metrics: await restartablePort() };
    const queueDirectory = dataDirectory(`otel-gateway-${index}-queue`);
    const { prometheusUrl, tempoUrl, lokiUrl } = backends(index);
    const gateway = await restartable(() => startCollector(`Gateway ${index}`, `otel-gateway-${index}`, {
      OTELCOL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${ports.byTrace}`,
      OTELCOL_BY_SERVICE_GRPC_ENDPOINT: `127.0.0.1:${ports.byService}`,
      OTELCOL_METRICS_PORT: String(ports.metrics),
      OTELCOL_QUEUE_DIRECTORY: queueDirectory,
      OTELCOL_PROMETHEUS_OTLP_ENDPOINT: prometheusUrl,
      OTELCOL_TEMPO_OTLP_ENDPOINT: tempoUrl,
      OTELCOL_LOKI_OTLP_ENDPOINT: lokiUrl,
    }));
    gateways.push(Object.assign(gateway, { index, ports, queueDirectory, metrics: () => collectorMetrics(ports.metrics) }));
  }
  return gateways;
}

/** The agent (the compose service otel-collector in the scaled project), sending to `gateways`. */
export async function startAgent(gateways) {
  const ports = { http: await restartablePort(), metrics: await restartablePort() };
  const queueDirectory = dataDirectory('otel-agent-queue');
  const [first, second] = gateways;
  const agent = await restartable(() => startCollector('Agent', 'otel-collector', {
    OTELCOL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${ports.http}`,
    OTELCOL_OTLP_GRPC_ENDPOINT: '127.0.0.1:0',
    OTELCOL_METRICS_PORT: String(ports.metrics),
    OTELCOL_QUEUE_DIRECTORY: queueDirectory,
    OTELCOL_GATEWAY_1_BY_TRACE: `127.0.0.1:${first.ports.byTrace}`,
    OTELCOL_GATEWAY_2_BY_TRACE: `127.0.0.1:${second.ports.byTrace}`,
    OTELCOL_GATEWAY_1_BY_SERVICE: `127.0.0.1:${first.ports.byService}`,
    OTELCOL_GATEWAY_2_BY_SERVICE: `127.0.0.1:${second.ports.byService}`,
    // The database volume's scraper watches a directory of its own here.
    OTELCOL_DATABASE_VOLUME: queueDirectory,
  }));
  return Object.assign(agent, { ports, queueDirectory, url: `http://127.0.0.1:${ports.http}`, metrics: () => collectorMetrics(ports.metrics) });
}

/**
 * The three receivers of thanos/hashring.json, with the hashring's compose addresses replaced
 * by their 127.0.0.1 ports. Each keeps its TSDB directory across restarts.
 */
export async function startThanosReceivers() {
  const names = ['thanos-receive-1', 'thanos-receive-2', 'thanos-receive-3'];
  const ports = {};
  for (const name of names) ports[name] = { grpc: await restartablePort(), http: await restartablePort(), remoteWrite: await restartablePort(), capnproto: await restartablePort() };
  let hashring = readFileSync(join(REPO_ROOT, 'thanos/hashring.json'), 'utf8');
  for (const name of names) {
    hashring = hashring.replaceAll(`${name}:10901`, `127.0.0.1:${ports[name].grpc}`).replaceAll(`${name}:19391`, `127.0.0.1:${ports[name].capnproto}`);
  }
  if (hashring.includes('thanos-receive-')) throw new Error('thanos/hashring.json names an address this substitution does not know');
  const hashringFile = join(REPO_ROOT, 'thanos', `.e2e-hashring-${ports[names[0]].grpc}.json`);
  writeFileSync(hashringFile, hashring);
  process.on('exit', () => rmSync(hashringFile, { force: true }));
  // Started together: the hashring names every port, so the time between asking the OS for
  // them and binding them is one start-up, not three.
  return Promise.all(names.map(async (name) => {
    const own = ports[name];
    const tsdb = dataDirectory(`${name}-data`);
    const receiver = await restartable(async () => {
      const server = startProcess(name, binary('thanos'), hostCommand(name, {
        '--grpc-address': `127.0.0.1:${own.grpc}`,
        '--http-address': `127.0.0.1:${own.http}`,
        '--remote-write.address': `127.0.0.1:${own.remoteWrite}`,
        '--receive.capnproto-address': `127.0.0.1:${own.capnproto}`,
        '--receive.hashrings-file': hashringFile,
        '--receive.local-endpoint': `127.0.0.1:${own.grpc}`,
        '--tsdb.path': tsdb,
      }, { scaled: true }));
      await waitUntil(server, async () => (await fetch(`http://127.0.0.1:${own.http}/-/ready`)).ok, `${name} to be ready`, 60_000);
      return server;
    });
    return Object.assign(receiver, { name, ports: own, remoteWriteUrl: `http://127.0.0.1:${own.remoteWrite}/api/v1/receive` });
  }));
}

/** Thanos query over the given store endpoints (gRPC host:port), with compose's replica labels. */
export async function startThanosQuery(endpoints) {
  const ports = { grpc: await freePort(), http: await freePort() };
  const args = withRepeatedFlag(hostCommand('thanos-query', {
    '--grpc-address': `127.0.0.1:${ports.grpc}`,
    '--http-address': `127.0.0.1:${ports.http}`,
  }, { scaled: true }), '--endpoint', endpoints);
  const server = startProcess('Thanos query', binary('thanos'), args);
  const url = `http://127.0.0.1:${ports.http}`;
  await waitUntil(server, async () => (await fetch(`${url}/-/ready`)).ok, 'Thanos query to be ready', 60_000);
  return {
    ...server,
    ports,
    url,
    /** An instant query (now, or at `time` in seconds); `dedup: false` shows every replica's copy. */
    async query(promql, { dedup = true, time } = {}) {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql, dedup: String(dedup), ...(time ? { time: String(time) } : {}) })}`);
      const body = await response.json();
      if (body.status !== 'success') throw new Error(`query ${promql} failed: ${JSON.stringify(body)}`);
      return body.data.result;
    },
  };
}

/**
 * The Thanos ruler with compose's command line: `rulesDir` in place of prometheus/rules when
 * given (the `for:`-scaled copies), the query API and Alertmanager URLs as 127.0.0.1 ports.
 * `grpcPort`: chosen beforehand when Thanos query, started first, lists the ruler as a store.
 */
export async function startThanosRuler({ queryUrl, alertmanagerUrls, rulesDir, grpcPort }) {
  const ports = { grpc: grpcPort ?? await freePort(), http: await freePort() };
  let args = hostCommand('thanos-rule', {
    '--grpc-address': `127.0.0.1:${ports.grpc}`,
    '--http-address': `127.0.0.1:${ports.http}`,
    '--query': new URL(queryUrl).host,
    '--data-dir': dataDirectory('thanos-rule-data'),
  }, { scaled: true });
  if (rulesDir) args = args.map((arg) => (arg.startsWith('--rule-file=') ? `--rule-file=${rulesDir}/*.yml` : arg));
  args = withRepeatedFlag(args, '--alertmanagers.url', alertmanagerUrls);
  const server = startProcess('Thanos ruler', binary('thanos'), args);
  const url = `http://127.0.0.1:${ports.http}`;
  await waitUntil(server, async () => (await fetch(`${url}/-/ready`)).ok, 'the Thanos ruler to be ready', 60_000);
  return { ...server, ports, url, grpcEndpoint: `127.0.0.1:${ports.grpc}` };
}

/**
 * The Thanos sidecar beside Prometheus: Prometheus's own TSDB (the single-host history, kept
 * through the move) as a store for Thanos query.
 */
export async function startThanosSidecar({ prometheusUrl, tsdbPath }) {
  const ports = { grpc: await freePort(), http: await freePort() };
  const server = startProcess('Thanos sidecar', binary('thanos'), hostCommand('thanos-sidecar', {
    '--grpc-address': `127.0.0.1:${ports.grpc}`,
    '--http-address': `127.0.0.1:${ports.http}`,
    '--prometheus.url': prometheusUrl,
    '--tsdb.path': tsdbPath,
  }, { scaled: true }));
  await waitUntil(server, async () => (await fetch(`http://127.0.0.1:${ports.http}/-/ready`)).ok, 'the Thanos sidecar to be ready', 60_000);
  return { ...server, ports, grpcEndpoint: `127.0.0.1:${ports.grpc}` };
}
