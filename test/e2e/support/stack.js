// Runs the stack's real components as processes on 127.0.0.1 for the end-to-end tests:
// the collector built from otel-collector/builder-config.yaml, Prometheus 3, Alertmanager and
// the blackbox exporter, each with the command line docker-compose.yml gives its container
// (test/support/compose.js maps the container paths to the repository's files and to
// temporary data directories). The one substitution: compose host:port addresses become
// 127.0.0.1 ports (environment variables for the collector, a textual replacement of
// `host:port` in prometheus.yml, which has no variables, and listen-address flags).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '../../support/app-process.js';
import { hostCommand } from '../../support/compose.js';

export const STACK_BIN = join(REPO_ROOT, '.cache/stack/bin');
const processes = new Set();
process.on('exit', () => { for (const child of processes) child.kill('SIGKILL'); });

/** The path of a built binary; a missing one fails the test loudly instead of skipping it. */
export function binary(name) {
  const path = join(STACK_BIN, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/build-stack-binaries.sh (npm test runs it first)`);
  return path;
}

/** Runs a binary to completion (validate, check config) and returns its output and status. */
export function run(name, args) {
  const result = spawnSync(binary(name), args, { encoding: 'utf8', cwd: REPO_ROOT });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function startProcess(name, args, env = {}) {
  const child = spawn(binary(name), args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  processes.add(child);
  child.unref();
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => { output = (output + chunk).slice(-20_000); });
    stream.unref();
  }
  child.on('exit', () => processes.delete(child));
  return { child, output: () => output, stop: () => child.kill('SIGTERM') };
}

/** Runs after the exit handler above has killed the processes using these paths. */
function removeAll(...paths) {
  for (const path of paths) rmSync(path, { recursive: true, force: true });
}

async function waitUntil(check, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * @param {Record<string, number>} ports compose `host:port` -> the 127.0.0.1 port standing in
 *   for it (Prometheus' own address is added here).
 */
export async function startPrometheus(ports) {
  const port = await freePort();
  let config = readFileSync(join(REPO_ROOT, 'prometheus/prometheus.yml'), 'utf8');
  for (const [address, localPort] of Object.entries({ ...ports, 'prometheus:9090': port })) {
    config = config.replaceAll(address, `127.0.0.1:${localPort}`);
  }
  // Beside the original (git-ignored name), so rule_files' relative paths resolve alike.
  const configFile = join(REPO_ROOT, 'prometheus', `.e2e-prometheus-${port}.yml`);
  writeFileSync(configFile, config);
  process.on('exit', () => removeAll(configFile));
  const server = startProcess('prometheus', hostCommand('prometheus', { '--config.file': configFile, '--web.listen-address': `127.0.0.1:${port}` }));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}/-/ready`)).ok, `Prometheus to be ready:\n${server.output()}`);
  return {
    ...server,
    url,
    async query(promql) {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
      const body = await response.json();
      if (body.status !== 'success') throw new Error(`query ${promql} failed: ${JSON.stringify(body)}`);
      return body.data.result;
    },
    async exemplars(promql) {
      const end = Date.now() / 1000;
      const response = await fetch(`${url}/api/v1/query_exemplars?${new URLSearchParams({ query: promql, start: String(end - 3600), end: String(end) })}`);
      return (await response.json()).data ?? [];
    },
  };
}

export async function startBlackbox() {
  const port = await freePort();
  const exporter = startProcess('blackbox_exporter', hostCommand('blackbox-exporter', { '--web.listen-address': `127.0.0.1:${port}` }));
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/-/healthy`)).ok, `the blackbox exporter:\n${exporter.output()}`);
  return { ...exporter, port };
}

export async function startAlertmanager() {
  const port = await freePort();
  const alertmanager = startProcess('alertmanager', hostCommand('alertmanager', { '--web.listen-address': `127.0.0.1:${port}` }));
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/-/ready`)).ok, `Alertmanager:\n${alertmanager.output()}`);
  return { ...alertmanager, port, url: `http://127.0.0.1:${port}` };
}

export async function startCollector({ prometheusUrl, tempoUrl, lokiUrl, metricsPort: metrics }) {
  const [otlpHttp, otlpGrpc, health] = await Promise.all([freePort(), freePort(), freePort()]);
  const collector = startProcess('otelcol-stack', hostCommand('otel-collector'), {
    OTELCOL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${otlpHttp}`,
    OTELCOL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${otlpGrpc}`,
    OTELCOL_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
    OTELCOL_METRICS_HOST: '127.0.0.1',
    OTELCOL_METRICS_PORT: String(metrics),
    OTELCOL_PROMETHEUS_OTLP_ENDPOINT: `${prometheusUrl}/api/v1/otlp`,
    OTELCOL_TEMPO_OTLP_ENDPOINT: tempoUrl,
    OTELCOL_LOKI_OTLP_ENDPOINT: lokiUrl,
  });
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${health}/`)).ok, `the collector's health check:\n${collector.output()}`);
  return { ...collector, otlpHttpUrl: `http://127.0.0.1:${otlpHttp}`, metricsPort: metrics };
}

/** Polls Prometheus until the query returns series, or fails with what it last saw. */
export async function waitForSeries(prometheus, promql, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await prometheus.query(promql);
    if (result.length > 0) return result;
    if (Date.now() > deadline) throw new Error(`no series for ${promql} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
