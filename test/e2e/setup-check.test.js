// `node-otel-stack check` against the real collector, Prometheus and Alertmanager on
// 127.0.0.1 (started as the other end-to-end suites start them): every hop passes on a
// working stack and the test alert reaches the inbox's Slack and mail stand-ins; a stack with a part
// missing or a receiver that cannot deliver gets a FAIL line naming it and exit status 1.
// Tempo and Loki cannot run here: the collector exports to the tests' OTLP receiver, and a
// small server in this file answers Tempo's trace-by-id and Loki's query_range APIs from what
// that receiver got (found or not found, nothing more).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { freePort, REPO_ROOT } from '../support/app-process.js';
import { startReceiver } from '../support/otlp-receiver.js';
import { startAlertmanager } from './support/alertmanager.js';
import { startPipeline } from './support/pipeline.js';

/** The receiver, plus a query server answering whether a trace id or a log text arrived. */
async function startBackendStandIn() {
  const receiver = await startReceiver();
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://stand-in');
    const trace = /^\/api\/traces\/([0-9a-f]{32})$/.exec(url.pathname);
    if (trace) {
      const found = receiver.spans().some((span) => span.traceId === trace[1]);
      return void response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' }).end(found ? '{"batches":[]}' : '{}');
    }
    if (url.pathname === '/loki/api/v1/query_range') {
      const text = /\|= "([^"]+)"/.exec(url.searchParams.get('query') ?? '')?.[1];
      const lines = receiver.logRecords().filter((record) => text && JSON.stringify(record).includes(text));
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'streams', result: lines.length ? [{ stream: {}, values: [] }] : [] } }));
    }
    response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const queryUrl = `http://127.0.0.1:${server.address().port}`;
  return { url: receiver.url, queryUrl, close: async () => { server.close(); await receiver.close(); } };
}

/** Runs the command; resolves with its exit status and its lines by hop. */
function check(args) {
  const child = spawn(process.execPath, ['bin/node-otel-stack.js', 'check', '--timeout', '60', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return new Promise((resolve) => child.on('exit', (status) => {
    const lines = stdout.trim().split('\n');
    const hop = (name) => lines.find((line) => line.slice(6, 34).trim() === name);
    resolve({ status, stdout, stderr, lines, hop });
  }));
}

let stack;
let backend;
before(async () => {
  stack = await startPipeline({
    postgres: 'optional',
    startTraceAndLogBackend: async () => (backend = await startBackendStandIn()),
  });
});
after(async () => {
  await stack?.stop();
});

test('on a working stack every hop passes, and the test alert reaches Slack and mail', async () => {
  const result = await check([
    '--collector', stack.collector.otlpHttpUrl, '--prometheus', stack.prometheus.url, '--alertmanager', stack.alertmanager.url,
    '--tempo', backend.queryUrl, '--loki', backend.queryUrl,
  ]);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  for (const hop of ['collector traces', 'collector metrics', 'collector logs', 'prometheus metric', 'prometheus error counter', 'tempo trace', 'loki log line', 'alertmanager', 'alertmanager routes', 'receiver webhook', 'receiver slack', 'receiver email']) {
    assert.match(result.hop(hop) ?? `(no line for ${hop})`, /^PASS /, result.stdout);
  }
  assert.match(result.hop('alertmanager routes'), /routed to .*chat-and-mail/);
  assert.ok(result.lines.every((line) => line.startsWith('PASS ')), result.stdout);
  for (const channel of ['slack', 'email']) {
    const delivered = await stack.inbox.notifications({ channel });
    assert.ok(delivered.some((item) => JSON.stringify(item).includes('SetupCheck')), `${channel} got the test alert: ${JSON.stringify(delivered)}`);
  }
});

test('a part that is down, a backend that is absent and a receiver that cannot deliver are each reported; exit 1', async () => {
  // A second Alertmanager like the first, but its Slack webhook points where nothing listens.
  const deadPort = await freePort();
  const broken = await startAlertmanager({ inbox: stack.inbox, secrets: { slack_webhook_url: `http://127.0.0.1:${deadPort}/hooks/chat` } });
  try {
    const result = await check([
      '--collector', stack.collector.otlpHttpUrl, '--prometheus', `http://127.0.0.1:${deadPort}`, '--alertmanager', broken.url,
      '--tempo', `http://127.0.0.1:${deadPort}`, '--loki', backend.queryUrl,
    ]);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.hop('collector metrics'), /^PASS /);
    assert.match(result.hop('prometheus metric'), new RegExp(`^FAIL .*127\\.0\\.0\\.1:${deadPort}: connection refused`));
    assert.match(result.hop('tempo trace'), /^SKIP .*nothing answers/);
    assert.match(result.hop('loki log line'), /^PASS /);
    assert.match(result.hop('receiver slack'), /^FAIL .*failed attempt.*none delivered/);
    assert.match(result.hop('receiver email'), /^PASS /);
  } finally {
    await broken.stop();
  }
});

test('with nothing listening, the collector hops fail with the address and the alert hop says so; exit 1', async () => {
  const deadPort = await freePort();
  const dead = `http://127.0.0.1:${deadPort}`;
  const result = await check(['--collector', dead, '--prometheus', dead, '--alertmanager', dead, '--tempo', dead, '--loki', dead]);
  assert.equal(result.status, 1);
  assert.match(result.hop('collector traces'), new RegExp(`^FAIL .*${dead}/v1/traces: connection refused`));
  assert.match(result.hop('alertmanager'), /^FAIL .*connection refused/);
  assert.equal(result.hop('prometheus metric'), undefined, 'nothing is looked for where nothing was sent');
});
