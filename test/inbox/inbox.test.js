// The alert inbox as a process, over its real HTTP and SMTP ports: what it accepts from
// Alertmanager and the sandbox channels, what it refuses and why, what it serves back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../support/app-process.js';
import { startInbox, webhook } from '../support/alert-inbox.js';

/** Talks SMTP line by line; resolves with the server's replies. */
function sendMail(port, lines) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => { received += chunk; });
    socket.on('error', reject);
    socket.on('close', () => resolve(received.trim().split('\r\n')));
    socket.on('connect', () => { for (const line of lines) socket.write(`${line}\r\n`); });
  });
}

describe('alert inbox', () => {
  let inbox;
  before(async () => { inbox = await startInbox({ INBOX_KEEP: '6' }); });
  after(async () => { await inbox?.stop(); });

  test('keeps an Alertmanager notification, logs it as a JSON line, and serves it back filtered', async () => {
    const body = webhook('inbox', [
      { labels: { alertname: 'HighErrorRate', severity: 'critical', job: 'demo/shop' }, annotations: { summary: 'More than 5% of requests fail', runbook_url: 'docs/runbooks/HighErrorRate.md' } },
      { labels: { alertname: 'SlowResponses', severity: 'warning', job: 'demo/shop' } },
    ]);
    const response = await inbox.post('/alertmanager', body);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'received' });
    const [critical] = await inbox.notifications({ severity: 'critical' });
    assert.equal(critical.channel, 'inbox');
    assert.equal(critical.receiver, 'inbox');
    assert.deepEqual(critical.alerts.map((alert) => alert.labels.alertname), ['HighErrorRate', 'SlowResponses']);
    assert.deepEqual(critical.severities, ['critical', 'warning']);
    assert.deepEqual(await inbox.notifications({ severity: 'info' }), []);
    assert.equal((await inbox.notifications({ alertname: 'SlowResponses' })).length, 1);
    const logged = inbox.jsonLines().find((line) => line.msg === 'notification' && line.channel === 'inbox');
    assert.equal(logged.level, 'info');
    assert.equal(logged.title, '[FIRING] HighErrorRate, SlowResponses');
  });

  test('refuses malformed posts with a 400 naming the field, and other mistakes with their status', async () => {
    const valid = webhook('inbox', [{ labels: { alertname: 'X', severity: 'info' } }]);
    const cases = [
      [await inbox.post('/alertmanager', '{"version":'), 400, /^body is not valid JSON/],
      [await inbox.post('/alertmanager', ''), 400, /^empty body/],
      [await inbox.post('/alertmanager', '[]'), 400, /^body: expected an object/],
      [await inbox.post('/alertmanager', { ...valid, version: '3' }), 400, /^version: expected "4"/],
      [await inbox.post('/alertmanager', { ...valid, alerts: [] }), 400, /^alerts: expected a non-empty array/],
      [await inbox.post('/alertmanager', { ...valid, status: 'pending' }), 400, /^status: expected one of "firing", "resolved", got "pending"/],
      [await inbox.post('/alertmanager', { ...valid, alerts: [{ ...valid.alerts[0], labels: { severity: 'info' } }] }), 400, /^alerts\[0\]\.labels\.alertname: expected a string/],
      [await inbox.post('/alertmanager', { ...valid, alerts: [{ ...valid.alerts[0], labels: { alertname: 'X', count: 3 } }] }), 400, /^alerts\[0\]\.labels\.count: expected a string/],
      [await inbox.post('/alertmanager', { ...valid, alerts: [{ ...valid.alerts[0], startsAt: 'yesterday' }] }), 400, /^alerts\[0\]\.startsAt: expected an RFC 3339 time/],
      [await inbox.post('/alertmanager', JSON.stringify(valid), 'text/plain'), 415, /expected content-type application\/json/],
      [await inbox.post('/alertmanager', `{"pad":"${'x'.repeat(1024 * 1024)}"}`), 413, /body over/],
      [await inbox.post('/sandbox/slack', { username: 'alertmanager' }), 400, /^body: a Slack message needs text or attachments/],
      [await inbox.post('/sandbox/pagerduty/v2/enqueue', { event_action: 'trigger', routing_key: '', payload: { summary: 's', severity: 'critical', source: 'x' } }), 400, /^routing_key: must not be empty/],
      [await inbox.post('/sandbox/pagerduty/v2/enqueue', { event_action: 'trigger', routing_key: 'k', payload: { summary: 's', severity: 'fatal', source: 'x' } }), 400, /^payload\.severity: expected one of/],
      [await fetch(`${inbox.url}/api/notifications?severity=urgent`), 400, /^severity: expected one of critical, warning, info, got "urgent"/],
      [await fetch(`${inbox.url}/api/notifications?channel=sms`), 400, /^channel: expected one of/],
      [await fetch(`${inbox.url}/api/notifications?limit=many`), 400, /^limit: expected an integer/],
      [await fetch(`${inbox.url}/docs/runbooks/..%2F..%2Fpackage.json`), 404, /^no such path: \/docs\/runbooks\/\.\.%2F\.\.%2Fpackage\.json$/],
      [await fetch(`${inbox.url}/docs/runbooks/NoSuchAlert.md`), 404, /no runbook NoSuchAlert\.md/],
    ];
    for (const [response, status, message] of cases) {
      assert.equal(response.status, status, `${response.url}: ${status}`);
      assert.match((await response.json()).error, message);
    }
    assert.deepEqual(await inbox.notifications({ alertname: 'X' }), [], 'nothing refused was kept');
  });

  test('a path the inbox does not serve is 404 whatever the method; a served path asked with another method is 405 with Allow', async () => {
    const request = (method, path) => fetch(`${inbox.url}${path}`, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}) });
    // Unknown paths, including a webhook posted to a mistyped URL: the URL is what is wrong.
    for (const [method, path] of [['POST', '/webhook'], ['GET', '/nope'], ['PUT', '/api'], ['DELETE', '/sandbox/slack/extra'], ['POST', '/docs/runbooks/'], ['HEAD', '/nope']]) {
      const response = await request(method, path);
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(response.headers.get('allow'), null, `${method} ${path} has no Allow`);
      if (method !== 'HEAD') assert.equal((await response.json()).error, `no such path: ${path}`, `${method} ${path}`);
    }
    // Served paths with a method they do not take.
    const served = [
      ['GET', '/alertmanager', 'POST'], ['PUT', '/sandbox/heartbeat', 'POST'], ['GET', '/sandbox/slack', 'POST'], ['DELETE', '/sandbox/pagerduty/v2/enqueue', 'POST'],
      ['POST', '/api/notifications', 'GET, HEAD'], ['DELETE', '/api/heartbeat', 'GET, HEAD'], ['POST', '/', 'GET, HEAD'], ['POST', '/healthz', 'GET, HEAD'],
      ['POST', '/docs/runbooks/HighErrorRate.md', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of served) {
      const response = await request(method, path);
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.equal(response.headers.get('allow'), allow, `${method} ${path}`);
      assert.equal((await response.json()).error, `${path} takes ${allow}`, `${method} ${path}`);
    }
    // HEAD is answered where GET is, without a body.
    const head = await request('HEAD', '/healthz');
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    assert.deepEqual(await inbox.notifications({ alertname: 'X' }), [], 'nothing refused was kept');
  });

  test('the sandbox channels stand in for Slack, PagerDuty and the heartbeat as those services answer', async () => {
    const slack = await inbox.post('/sandbox/slack', { channel: '#alerts', attachments: [{ title: '[FIRING:1] WARNING SlowResponses demo/shop', text: '*p95 above 2 s*', color: 'warning' }] });
    assert.equal(slack.status, 200);
    assert.equal(await slack.text(), 'ok');
    const page = await inbox.post('/sandbox/pagerduty/v2/enqueue', { routing_key: 'R0UT1NG', event_action: 'trigger', dedup_key: 'abc', payload: { summary: '[FIRING] HighErrorRate demo/shop', severity: 'critical', source: 'alertmanager' } });
    assert.equal(page.status, 202);
    assert.deepEqual(await page.json(), { status: 'success', message: 'Event processed', dedup_key: 'abc' });
    assert.equal((await inbox.post('/sandbox/heartbeat', webhook('heartbeat', [{ labels: { alertname: 'Watchdog', severity: 'info' } }]))).status, 200);
    const [slackItem] = await inbox.notifications({ channel: 'slack' });
    assert.equal(slackItem.title, '[FIRING:1] WARNING SlowResponses demo/shop');
    assert.equal(slackItem.receiver, '#alerts');
    const [pageItem] = await inbox.notifications({ channel: 'pagerduty' });
    assert.deepEqual(pageItem.severities, ['critical']);
    const { lastSeenAt } = await (await fetch(`${inbox.url}/api/heartbeat`)).json();
    assert.ok(Date.now() - Date.parse(lastSeenAt) < 10_000, `heartbeat ${lastSeenAt}`);
  });

  test('the SMTP sink receives the e-mail digest as Alertmanager sends it (multipart, quoted-printable)', async () => {
    const replies = await sendMail(inbox.smtpPort, [
      'EHLO alertmanager', 'MAIL FROM:<alerts@node-otel-stack.local>', 'RCPT TO:<team@node-otel-stack.local>', 'DATA',
      'Subject: Alert digest: 1 info alert(s)', 'MIME-Version: 1.0', 'Content-Type: multipart/alternative;  boundary=b1', '',
      '--b1', 'Content-Transfer-Encoding: quoted-printable', 'Content-Type: text/plain; charset=UTF-8', '',
      '- TlsCertificateExpiringSoon: A TLS certificate expires in less than 30 da=', 'ys =E2=80=94 renew it', '..leading dot',
      '--b1', 'Content-Type: text/html; charset=UTF-8', '', '<p>html</p>', '--b1--', '.', 'QUIT',
    ]);
    assert.match(replies[0], /^220 /);
    assert.deepEqual(replies.slice(1).map((line) => line.slice(0, 3)), ['250', '250', '250', '354', '250', '221']);
    const [mail] = await inbox.notifications({ channel: 'email' });
    assert.equal(mail.title, 'Alert digest: 1 info alert(s)');
    assert.equal(mail.receiver, 'team@node-otel-stack.local');
    assert.match(mail.text, /TlsCertificateExpiringSoon: A TLS certificate expires in less than 30 days \u2014 renew it\r\n\.leading dot/);
    // Out of order: no message without a recipient.
    const refused = await sendMail(inbox.smtpPort, ['HELO x', 'DATA', 'BOGUS', 'QUIT']);
    assert.deepEqual(refused.slice(1).map((line) => line.slice(0, 3)), ['250', '503', '502', '221']);
  });

  test('serves the runbooks the alerts link to', async () => {
    const response = await fetch(`${inbox.url}/docs/runbooks/HighErrorRate.md`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/markdown/);
    assert.match(await response.text(), /^# HighErrorRate/);
  });

  // Last: it fills the ring.
  test('keeps only the newest INBOX_KEEP notifications', async () => {
    for (let index = 0; index < 8; index++) {
      assert.equal((await inbox.post('/alertmanager', webhook('inbox', [{ labels: { alertname: `Ring${index}` } }]))).status, 200);
    }
    const kept = await inbox.notifications();
    assert.deepEqual(kept.map((item) => item.alerts[0].labels.alertname), ['Ring7', 'Ring6', 'Ring5', 'Ring4', 'Ring3', 'Ring2']);
  });
});

test('a bad setting stops the inbox with a message naming the variable and value', () => {
  const result = spawnSync(process.execPath, ['services/alert-inbox/dist/main.js'], { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, INBOX_PORT: 'ninety' }, timeout: 10_000 });
  assert.equal(result.status, 2);
  assert.equal(result.stderr.trim(), 'alert-inbox: INBOX_PORT="ninety" is not an integer from 0 to 65535');
});
