// Runs the stack's real components as processes on 127.0.0.1 for the end-to-end tests:
// the collector built from otel-collector/builder-config.yaml, Prometheus 3, Alertmanager and
// the blackbox exporter, each with the command line docker-compose.yml gives its container
// (test/support/compose.js maps the container paths to the repository's files and to
// temporary data directories). The one substitution: compose host:port addresses become
// 127.0.0.1 ports (environment variables for the collector, a textual replacement of
// `host:port` in prometheus.yml and alertmanager.yml, which have no variables, and
// listen-address flags); container paths that compose fills (/run/secrets) become temporary
// files.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
export async function startPrometheus(ports, { rulesDir } = {}) {
  const port = await freePort();
  let config = readFileSync(join(REPO_ROOT, 'prometheus/prometheus.yml'), 'utf8');
  for (const [address, localPort] of Object.entries({ ...ports, 'prometheus:9090': port })) {
    config = config.replaceAll(address, `127.0.0.1:${localPort}`);
  }
  // Rules from elsewhere (test/e2e/support/scaled-rules.js: the same rules, `for` scaled).
  if (rulesDir) config = config.replace('  - rules/*.yml', `  - ${rulesDir}/*.yml`);
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

/**
 * Alertmanager with alertmanager.yml as compose mounts it, transformed the documented way:
 * compose addresses become 127.0.0.1 ports (alert-inbox's HTTP and SMTP ports), PagerDuty's
 * address becomes the inbox's PagerDuty stand-in (no internet here), and /run/secrets, which
 * compose fills from the environment, becomes a temporary directory holding `secrets`.
 * @param {{ inbox: { port: number, smtpPort: number, url: string }, secrets?: Record<string, string> }} options
 */
export async function startAlertmanager({ inbox, secrets = {} }) {
  const port = await freePort();
  const secretsDir = mkdtempSync(join(tmpdir(), 'alertmanager-secrets-'));
  const values = {
    pagerduty_routing_key: 'e2e-routing-key',
    slack_webhook_url: `${inbox.url}/sandbox/slack`,
    heartbeat_url: `${inbox.url}/sandbox/heartbeat`,
    smtp_auth_password: '',
    ...secrets,
  };
  for (const [name, value] of Object.entries(values)) writeFileSync(join(secretsDir, name), value);
  const config = readFileSync(join(REPO_ROOT, 'alertmanager/alertmanager.yml'), 'utf8')
    .replaceAll('alert-inbox:9095', `127.0.0.1:${inbox.port}`)
    .replaceAll('alert-inbox:2525', `127.0.0.1:${inbox.smtpPort}`)
    .replaceAll('https://events.pagerduty.com', `${inbox.url}/sandbox/pagerduty`)
    .replaceAll('/run/secrets/', `${secretsDir}/`);
  // Beside the original (git-ignored name), so the relative templates path resolves alike.
  const configFile = join(REPO_ROOT, 'alertmanager', `.e2e-alertmanager-${port}.yml`);
  writeFileSync(configFile, config);
  process.on('exit', () => removeAll(configFile, secretsDir));
  const alertmanager = startProcess('alertmanager', hostCommand('alertmanager', { '--config.file': configFile, '--web.listen-address': `127.0.0.1:${port}` }));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}/-/ready`)).ok, `Alertmanager:\n${alertmanager.output()}`);
  return {
    ...alertmanager,
    port,
    url,
    configFile,
    async alerts() {
      return (await fetch(`${url}/api/v2/alerts`)).json();
    },
    async post(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!response.ok) throw new Error(`Alertmanager refused alerts: ${response.status} ${await response.text()}`);
    },
    /** A counter from Alertmanager's own metrics, summed over the series that match `labels`. */
    async metric(name, labels = {}) {
      const text = await (await fetch(`${url}/metrics`)).text();
      let sum = 0;
      for (const line of text.split('\n')) {
        if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
        if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return sum;
    },
  };
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
