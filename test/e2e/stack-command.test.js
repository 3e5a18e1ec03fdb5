// `npm run stack` (scripts/stack.js), the stack without Docker, driven as a user drives it:
// started as a child process on ports the OS picks (every STACK_*_PORT set to 0, so that it
// collides with nothing), it must report each component with its address, get the demo
// shop's requests through the collector into Prometheus, deliver the always-firing Watchdog
// to the alert inbox, start Grafana with the repository's provisioning (a stand-in
// grafana-server, test/e2e/support/grafana-stand-in.js: there is no Grafana here), and on
// SIGINT stop every process it started and exit 0. Real collector, Prometheus, Alertmanager,
// blackbox exporter and PostgreSQL, as in the other end-to-end suites; a missing one fails
// the stack's start, and so this test, loudly.
//
// Timing: the rules are the repository's own, unscaled. Watchdog has no `for:`; Prometheus
// evaluates it every 15 s and Alertmanager's inbox route waits 10 s, but Prometheus' first
// notification can precede its discovery of Alertmanager and is then re-sent a minute later
// (its resend delay): up to about two minutes in all, within the wait below.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../support/app-process.js';
import { startInbox } from '../support/alert-inbox.js';
import { composeProject } from '../support/compose.js';
import { PORT_SETTINGS } from '../../scripts/stack/ports.js';
import { namedStart } from './support/component-process.js';
import { makeGrafanaStandIn } from './support/grafana-stand-in.js';
import { descendantsOf, isRunning } from './support/process-tree.js';
import { runStack } from './support/stack-command.js';
import { startBlackbox } from './support/stack.js';
import { scaled } from './support/time-scale.js';

/** The stack's environment: this one's PATH, HOME and TIME_SCALE, every port 0 unless overridden. */
function stackEnvironment(overrides = {}) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  if (process.env.TIME_SCALE) env.TIME_SCALE = process.env.TIME_SCALE;
  for (const { variable } of PORT_SETTINGS) env[variable] = '0';
  return { ...env, ...overrides };
}

/** Polls until `check` returns a truthy value (resolved with), failing with `describe()` after `timeoutMs` (scaled). */
async function eventually(check, describe, timeoutMs) {
  const deadline = Date.now() + scaled(timeoutMs);
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) assert.fail(`timed out after ${scaled(timeoutMs)} ms: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Resolves with the exit, or with 'still running' after `timeoutMs` (scaled). */
function exitWithin(stack, timeoutMs) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('still running'), scaled(timeoutMs)); });
  return Promise.race([stack.exited, timeout]).finally(() => clearTimeout(timer));
}

/** Whether something accepts connections on 127.0.0.1:port. */
function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function listeningServer() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('npm run stack: every component up, data and alerts flowing, and SIGINT stopping it all', () => {
  let stack;
  let grafana;

  before(async () => {
    grafana = makeGrafanaStandIn();
    stack = runStack(stackEnvironment({ PATH: `${grafana.bin}:${process.env.PATH}` }));
    await stack.waitFor(/^Stack ready\. Ctrl-C stops everything\.$/m, 'the stack to report ready', 180_000);
  });
  after(() => stack?.cleanUp());

  test('one line per component with its address, and one for what it leaves out', () => {
    for (const component of ['PostgreSQL', 'Alert inbox', 'Alertmanager', 'Blackbox exporter', 'Prometheus', 'Collector', 'Auth service', 'Demo shop', 'Grafana']) {
      assert.match(stack.addressOf(component), /^(http|postgres):\/\/(shop@)?127\.0\.0\.1:\d+/, component);
    }
    assert.match(stack.stdout, /^Collector +http:\/\/127\.0\.0\.1:\d+ \(OTLP\/HTTP\), 127\.0\.0\.1:\d+ \(OTLP\/gRPC\)$/m);
    assert.match(stack.stdout, /^Load generator +5 requests\/s to http:\/\/127\.0\.0\.1:\d+$/m, 'the rate .env gives compose');
    assert.match(stack.stdout, /^Tempo and Loki not started, /m);
    assert.doesNotMatch(stack.stdout, /^Grafana not started/m);
  });

  test('the demo shop is ready: its PostgreSQL and its auth service answer', async () => {
    const response = await fetch(`${stack.addressOf('Demo shop')}/health/ready`);
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(body.checks.postgres.status, 'up');
    assert.equal(body.checks.auth.status, 'up');
  });

  test('Prometheus loads the repository\'s rules and receives the shop\'s requests through the collector', async () => {
    const prometheus = stack.addressOf('Prometheus');
    const { data } = await (await fetch(`${prometheus}/api/v1/rules`)).json();
    assert.ok(data.groups.some((group) => group.file === join(REPO_ROOT, 'prometheus/rules/alerts.yml')), `rule files: ${data.groups.map((group) => group.file)}`);
    const query = 'sum(http_server_request_duration_seconds_count{job="demo/shop"})';
    let last;
    await eventually(async () => {
      last = (await (await fetch(`${prometheus}/api/v1/query?${new URLSearchParams({ query })}`)).json()).data.result;
      return last.length === 1 && Number(last[0].value[1]) > 0;
    }, () => `${query} = ${JSON.stringify(last)}`, 90_000);
  });

  test('the always-firing Watchdog reaches the alert inbox', async () => {
    const inbox = stack.addressOf('Alert inbox');
    const watchdog = await eventually(async () => {
      const { notifications } = await (await fetch(`${inbox}/api/notifications?channel=inbox&alertname=Watchdog`)).json();
      return notifications.flatMap((item) => item.alerts).find((alert) => alert.labels.alertname === 'Watchdog' && alert.status === 'firing');
    }, async () => `the inbox has ${JSON.stringify((await (await fetch(`${inbox}/api/notifications?channel=inbox`)).json()).notifications.map((item) => item.title))}`, 180_000);
    assert.equal(watchdog.labels.severity, 'info');
  });

  test('Grafana gets the repository\'s provisioning and dashboards, pointed at these processes', async () => {
    const report = await (await fetch(`${stack.addressOf('Grafana')}/stand-in/report`)).json();
    assert.equal(report.homepath, realpathSync(grafana.home));
    assert.equal(report.homeHasDefaults, true);
    assert.match(report.datasources, /^ {4}url: \$\{METRICS_QUERY_URL\}$/m, 'the Prometheus data source reads the variable compose sets');
    assert.equal(report.metricsQueryUrl, stack.addressOf('Prometheus'));
    assert.match(report.datasources, new RegExp(`^    url: ${stack.addressOf('Alertmanager')}$`, 'm'));
    assert.doesNotMatch(report.datasources, /prometheus:9090|alertmanager:9093|tempo:3200|loki:3100/);
    assert.match(report.dashboardProviders, new RegExp(`^      path: ${join(REPO_ROOT, 'grafana/dashboards')}$`, 'm'));
    assert.deepEqual(report.dashboardFiles.sort(), readdirSync(join(REPO_ROOT, 'grafana/dashboards')).filter((name) => name.endsWith('.json')).sort());
    const compose = composeProject().services.grafana.environment;
    assert.equal(report.settings.GF_SECURITY_ADMIN_USER, compose.GF_SECURITY_ADMIN_USER);
    assert.equal(report.settings.GF_AUTH_ANONYMOUS_ENABLED, 'false');
    assert.equal(report.settings.GF_SERVER_HTTP_ADDR, '127.0.0.1');
  });

  // Last: it stops the stack.
  test('SIGINT stops every process the stack started, frees every port it printed, and exits 0', async () => {
    const ports = [...new Set([...stack.stdout.matchAll(/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1])))];
    assert.ok(ports.length >= 10, `ports printed: ${ports}`);
    const children = descendantsOf(stack.pid);
    assert.ok(children.length >= 10, `processes under the stack: ${children}`);
    stack.child.kill('SIGINT');
    const exit = await exitWithin(stack, 60_000);
    assert.deepEqual(exit, { code: 0, signal: null }, stack.everything());
    assert.match(stack.stdout, /^SIGINT: stopping everything\.\.\.\nStopped\.$/m);
    assert.deepEqual(children.filter(isRunning), [], 'processes the stack started are still running');
    const listening = [];
    for (const port of ports) if (await accepts(port)) listening.push(port);
    assert.deepEqual(listening, [], 'ports still accepting connections');
    const prometheusPort = new URL(stack.addressOf('Prometheus')).port;
    assert.equal(existsSync(join(REPO_ROOT, `prometheus/.e2e-prometheus-${prometheusPort}.yml`)), false, 'the Prometheus configuration written for the stack is removed');
    assert.deepEqual(readdirSync(join(REPO_ROOT, 'alertmanager')).filter((name) => name.startsWith(`.e2e-alertmanager-${stack.pid}-`)), [], 'the Alertmanager configuration written for the stack is removed');
  });
});

test('npm run stack reports a port in use, naming the port and the component, and starts nothing', async () => {
  const blocker = await listeningServer();
  const { port } = blocker.address();
  // Without grafana-server on PATH, whatever this machine has.
  const path = process.env.PATH.split(':').filter((directory) => !existsSync(join(directory, 'grafana-server'))).join(':');
  const stack = runStack(stackEnvironment({ PATH: path, STACK_PROMETHEUS_PORT: String(port) }));
  try {
    const exit = await exitWithin(stack, 60_000);
    assert.deepEqual(exit, { code: 1, signal: null }, stack.everything());
    assert.match(stack.stderr, new RegExp(`^Port ${port} \\(Prometheus\\) is in use: another process listens on 127\\.0\\.0\\.1:${port}\\. Stop it, or choose another port with STACK_PROMETHEUS_PORT=<port>`, 'm'));
    assert.match(stack.stderr, /^Nothing was started\.$/m);
    assert.match(stack.stdout, /^Grafana not started, no grafana-server on PATH$/m);
    assert.doesNotMatch(stack.stdout, /^Stack ready/m);
  } finally {
    await stack.cleanUp();
    blocker.close();
  }
});

test('a component whose port is taken when it starts fails naming the port and itself', async () => {
  const blocker = await listeningServer();
  const { port } = blocker.address();
  try {
    // A Go binary (the listen error in its log) and a Node app (EADDRINUSE) of the stack.
    await assert.rejects(startBlackbox({ port }), (error) => {
      assert.equal(error.message, `Blackbox exporter could not start: port ${port} on 127.0.0.1 is in use (another process listens there)`);
      assert.equal(error.port, port);
      return true;
    });
    await assert.rejects(namedStart('Alert inbox', startInbox({ INBOX_PORT: String(port) })), (error) => {
      assert.equal(error.message, `Alert inbox could not start: port ${port} on 127.0.0.1 is in use (another process listens there)`);
      return true;
    });
  } finally {
    blocker.close();
  }
});
