// Alerts end to end: faults injected into the demo shop travel Prometheus (the repository's
// rules, `for:` scaled by test/e2e/support/scaled-rules.js) -> Alertmanager (the repository's
// alertmanager.yml, addresses and secrets transformed as test/e2e/support/stack.js documents)
// -> the alert inbox and the stand-ins for PagerDuty, Slack, the heartbeat and e-mail that
// the inbox serves. Real collector, Prometheus 3, Alertmanager, blackbox exporter, PostgreSQL
// and inbox; no internet here, so PagerDuty's address is the inbox's stand-in. The test's
// OTLP receiver stands in for Tempo and Loki, which cannot run here.
//
// Faults: 5xx and slow answers from the AI endpoint, declined payments, the coupon endpoint's
// deliberate bug (a new kind of error), the auth dependency stopped, a certificate that
// expires in 10 days, and finally the shop itself stopped.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, startApp } from '../support/app-process.js';
import { startPipeline } from './support/pipeline.js';
import { FOR_SCALE, scaleFor, writeScaledRules } from './support/scaled-rules.js';

// As docker-compose.yml runs the shop: production, which the probe's labels in prometheus.yml
// also say, so that ServiceDown and the shop's own alerts concern the same service.
const RESOURCE = 'service.namespace=demo,service.version=0.1.0,deployment.environment.name=production';

test('the scaled rules differ from the real ones only in their `for:` durations, each divided by 60', () => {
  const source = join(REPO_ROOT, 'prometheus/rules');
  let scaledLines = 0;
  for (const name of readdirSync(source).filter((file) => file.endsWith('.yml'))) {
    const original = readFileSync(join(source, name), 'utf8').split('\n');
    const scaled = scaleFor(original.join('\n')).split('\n');
    assert.equal(scaled.length, original.length);
    original.forEach((line, index) => {
      if (line === scaled[index]) return;
      scaledLines++;
      const [, amount, unit] = /^\s+for: (\d+)([smh])$/.exec(line);
      const seconds = Number(amount) * { s: 1, m: 60, h: 3600 }[unit];
      assert.equal(scaled[index], line.replace(/for: .*/, `for: ${Math.max(1, seconds / FOR_SCALE)}s`));
    });
  }
  assert.ok(scaledLines >= 15, `${scaledLines} for: lines scaled`);
});

/** Polls until `check` returns a truthy value; fails with `describe()` of what it last saw. */
async function eventually(check, describe, timeoutMs = 150_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) assert.fail(`timed out: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('faults in the demo shop -> Prometheus rules -> Alertmanager -> inbox and receivers', () => {
  let stack;
  let postgres;
  let website;
  let inbox;
  let alertmanager;
  let authService;
  let app;

  const firingInInbox = async () => {
    const names = new Set();
    for (const item of await inbox.notifications({ channel: 'inbox', limit: 1000 })) {
      for (const alert of item.alerts) if (alert.status === 'firing') names.add(alert.labels.alertname);
    }
    return names;
  };
  const inboxAlert = async (alertname) => (await inbox.notifications({ channel: 'inbox', alertname, limit: 1000 }))
    .flatMap((item) => item.alerts).find((alert) => alert.labels.alertname === alertname && alert.status === 'firing');
  const waitForInbox = (names) => eventually(
    async () => { const seen = await firingInInbox(); return names.every((name) => seen.has(name)) && seen; },
    async () => `inbox has ${[...(await firingInInbox())].join(', ') || 'nothing'}; waiting for ${names.join(', ')}; Alertmanager has ${(await alertmanager.alerts()).map((alert) => `${alert.labels.alertname}(${alert.status.state})`).join(', ')}`,
  );
  const titles = async (channel) => (await inbox.notifications({ channel, limit: 1000 })).map((item) => item.title);

  before(async () => {
    stack = await startPipeline({ certDays: 10, rulesDir: writeScaledRules().dir });
    ({ postgres, website, inbox, alertmanager } = stack);
    const { collector, appPort } = stack;
    const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpUrl, OTEL_RESOURCE_ATTRIBUTES: RESOURCE };
    authService = await startApp('examples/shop/dist/auth-service.js', { env: { ...otlp, OTEL_SERVICE_NAME: 'auth', AUTH_PORT: '0', HOST: '127.0.0.1' } });
    // The AI model answers in about 3 s and then fails: every question is slow and a 502.
    app = await startApp('examples/shop/dist/server.js', {
      env: {
        ...otlp, OTEL_SERVICE_NAME: 'shop', PORT: String(appPort), HOST: '127.0.0.1', DATABASE_URL: postgres.url,
        AUTH_URL: `http://127.0.0.1:${authService.port}`, SHOP_AI_FAILURE_RATE: '1', SHOP_AI_MEDIAN_MS: '3000',
      },
    });
    await eventually(async () => (await app.get('/health/ready')).status === 200, () => `the shop became ready:\n${app.stdout}`, 20_000);
  });
  after(async () => {
    await app?.stop('SIGTERM');
    await authService?.stop('SIGTERM');
    await stack?.stop();
  });

  test('5xx, slow answers, declined payments and a stopped dependency each reach the inbox, PagerDuty, Slack and mail by severity', async () => {
    const json = (method, body, headers = {}) => ({ method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const account = { email: 'alerts@example.test', password: 'correct horse battery' };
    assert.equal((await app.get('/api/signup', json('POST', account))).status, 201);
    const { token, csrfToken } = JSON.parse((await app.get('/api/login', json('POST', account))).body);
    const signedIn = { authorization: `Bearer ${token}`, 'x-csrf-token': csrfToken };
    // Declined cards: every payment fails (C4 needs at least 5 in 10 minutes, over 15% failing;
    // 12, because increase() does not count up to a counter's first sample). The simulated
    // processor never fails here, so these are declines only and PaymentErrors stays silent.
    for (let attempt = 0; attempt < 12; attempt++) {
      assert.equal((await app.get('/api/checkout', json('POST', { itemId: 2, cardNumber: '4000000000000002' }, signedIn))).status, 402);
    }
    // A third of the traffic: AI questions, slow and failing (C2 over 5%, W2 p95 over 2 s).
    const questions = Array.from({ length: 20 }, () => app.get('/api/ask', json('POST', { question: 'why?' })));
    for (let index = 0; index < 40; index++) assert.equal((await app.get('/api/items/1')).status, 200);
    assert.deepEqual(new Set((await Promise.all(questions)).map((response) => response.status)), new Set([502]));
    // The coupon endpoint's bug, met by a signed-in user with a mistyped code: a TypeError
    // the stack has never seen, so a new error group (W10, NewErrorGroup).
    for (const code of ['SPRING', 'welcome10']) {
      assert.equal((await app.get('/api/coupons/apply', json('POST', { code }, signedIn))).status, 500);
    }
    assert.equal((await app.get('/api/coupons/apply', json('POST', { code: 'WELCOME10' }, signedIn))).status, 200);
    // The auth dependency goes away (C5); readiness checks it at once.
    await authService.stop('SIGTERM');
    assert.equal((await app.get('/health/ready')).status, 503);

    await waitForInbox(['HighErrorRate', 'SlowResponses', 'PaymentFailures', 'AuthServiceDown', 'TlsCertificateExpiringSoon', 'Watchdog']);

    // Labels and annotations arrive as the rules wrote them.
    const highErrorRate = await inboxAlert('HighErrorRate');
    assert.equal(highErrorRate.labels.severity, 'critical');
    assert.equal(highErrorRate.labels.threshold, 'C2');
    assert.equal(highErrorRate.labels.job, 'demo/shop');
    assert.equal(highErrorRate.labels.deployment_environment_name, 'production');
    assert.match(highErrorRate.annotations.description, /^demo\/shop \(production\): 5xx responses are \d+(\.\d+)?%, above 5%\.$/);
    assert.equal(highErrorRate.annotations.runbook_url, 'docs/runbooks/HighErrorRate.md');
    assert.equal((await inboxAlert('AuthServiceDown')).labels.dependency, 'auth');
    assert.equal((await inboxAlert('SlowResponses')).labels.severity, 'warning');
    assert.equal((await inboxAlert('TlsCertificateExpiringSoon')).labels.instance, `127.0.0.1:${website.port}`);

    // The critical alert silences its warning twin: firing in Alertmanager, inhibited, never delivered.
    const elevated = await eventually(
      async () => (await alertmanager.alerts()).find((alert) => alert.labels.alertname === 'ElevatedErrorRate'),
      async () => 'ElevatedErrorRate in Alertmanager',
    );
    assert.equal(elevated.status.state, 'suppressed');
    const critical = (await alertmanager.alerts()).find((alert) => alert.labels.alertname === 'HighErrorRate');
    assert.deepEqual(elevated.status.inhibitedBy, [critical.fingerprint]);
    assert.equal((await firingInInbox()).has('ElevatedErrorRate'), false);

    // Pages only for critical alerts; chat for critical and warning.
    const pages = await eventually(async () => {
      const seen = await titles('pagerduty');
      return ['HighErrorRate', 'PaymentFailures', 'AuthServiceDown'].every((name) => seen.some((title) => title.includes(name))) && seen;
    }, async () => `PagerDuty stand-in got ${JSON.stringify(await titles('pagerduty'))}`);
    // (A resolve event carries no summary: PagerDuty closes the incident by its key.)
    for (const title of pages.filter((item) => !item.startsWith('resolve '))) assert.match(title, /^\[FIRING\] (HighErrorRate|PaymentFailures|AuthServiceDown|ServiceDown) /, 'nothing but critical alerts pages');
    const chat = await eventually(async () => {
      const seen = await titles('slack');
      return ['CRITICAL HighErrorRate', 'CRITICAL PaymentFailures', 'CRITICAL AuthServiceDown', 'WARNING SlowResponses'].every((name) => seen.some((title) => title.includes(name))) && seen;
    }, async () => `Slack stand-in got ${JSON.stringify(await titles('slack'))}`);
    for (const title of chat) assert.match(title, /\] (CRITICAL|WARNING) /, 'info never goes to chat');
    assert.ok(!chat.some((title) => title.includes('ElevatedErrorRate')), 'the inhibited twin is not posted');
    // Critical and warning alerts are mailed one by one as well.
    await eventually(async () => {
      const seen = await titles('email');
      return ['CRITICAL HighErrorRate demo/shop', 'CRITICAL AuthServiceDown', 'WARNING SlowResponses'].every((name) => seen.some((title) => title.includes(name))) && seen;
    }, async () => `e-mail got ${JSON.stringify(await titles('email'))}`);
  });

  test('a new kind of error: NewErrorGroup, one notification per group, to chat and mail, naming the error, its release and where to look', async () => {
    const newGroups = async () => (await inbox.notifications({ channel: 'inbox', alertname: 'NewErrorGroup', limit: 1000 }))
      .flatMap((item) => item.alerts).filter((alert) => alert.labels.alertname === 'NewErrorGroup' && alert.status === 'firing');
    const coupon = await eventually(
      async () => (await newGroups()).find((alert) => alert.labels.error_type === 'TypeError'),
      async () => `NewErrorGroup in the inbox: ${JSON.stringify((await newGroups()).map((alert) => alert.labels))}`,
    );
    assert.equal(coupon.labels.severity, 'warning');
    assert.equal(coupon.labels.threshold, 'W10');
    assert.equal(coupon.labels.job, 'demo/shop');
    assert.equal(coupon.labels.service_version, '0.1.0');
    assert.match(coupon.labels.error_fingerprint, /^[0-9a-f]{8,}$/);
    const { description } = coupon.annotations;
    assert.match(description, /^demo\/shop 0\.1\.0: a new kind of error, TypeError "Cannot destructure property 'percent' of .*" \(group [0-9a-f]+\), not seen in the 7 days before\./);
    // The links open the group's logs in Loki and an example trace in Tempo, by fingerprint.
    const links = [...description.matchAll(/http:\/\/127\.0\.0\.1:3000\/explore\?\S+/g)].map(([link]) => JSON.parse(new URL(link).searchParams.get('panes')).a);
    assert.deepEqual(links.map((pane) => pane.datasource), ['loki', 'tempo']);
    assert.equal(links[0].queries[0].expr, `{service_name="shop"} | error_fingerprint="${coupon.labels.error_fingerprint}"`);
    assert.match(links[1].queries[0].query, new RegExp(`event\\.error\\.fingerprint = "${coupon.labels.error_fingerprint}"`));
    // The AI model's failures are a group of their own: each new group is its own notification.
    const upstream = await eventually(async () => (await newGroups()).find((alert) => alert.labels.error_type === 'UpstreamError'), async () => 'NewErrorGroup for UpstreamError');
    assert.notEqual(upstream.labels.error_fingerprint, coupon.labels.error_fingerprint);
    const perNotification = (await inbox.notifications({ channel: 'inbox', alertname: 'NewErrorGroup', limit: 1000 }))
      .map((item) => new Set(item.alerts.map((alert) => alert.labels.error_fingerprint)));
    assert.ok(perNotification.every((fingerprints) => fingerprints.size === 1), 'one group per notification');
    // A warning: chat and mail, never a page.
    for (const channel of ['slack', 'email']) {
      await eventually(
        async () => (await titles(channel)).filter((title) => title.includes('WARNING NewErrorGroup')).length >= 2,
        async () => `${channel} stand-in got ${JSON.stringify(await titles(channel))}`,
      );
    }
    const mail = (await inbox.notifications({ channel: 'email' })).find((item) => item.title.includes('NewErrorGroup') && item.text.includes('TypeError'));
    assert.match(mail.text, /a new kind of error, TypeError "Cannot destructure property/);
    assert.ok(!(await titles('pagerduty')).some((title) => title.includes('NewErrorGroup')), 'a new error group does not page');
  });

  test('info alerts go to the e-mail digest and the watchdog to the heartbeat, never to a pager or chat', async () => {
    const digest = await eventually(async () => {
      const mails = await inbox.notifications({ channel: 'email' });
      return mails.find((mail) => mail.title.startsWith('Alert digest'));
    }, async () => `an e-mail digest in the SMTP sink; mails: ${JSON.stringify(await titles('email'))}`, 150_000);
    assert.match(digest.title, /^Alert digest: \d+ info alert\(s\)$/);
    assert.equal(digest.receiver, 'team@node-otel-stack.local');
    assert.match(digest.text, /- TlsCertificateExpiringSoon: A TLS certificate expires in less than 30 days/);
    assert.match(digest.text, /Runbook: http:\/\/127\.0\.0\.1:9095\/docs\/runbooks\/TlsCertificateExpiringSoon\.md/);
    assert.doesNotMatch(digest.text, /HighErrorRate|SlowResponses|Watchdog/);
    const heartbeats = await inbox.notifications({ channel: 'heartbeat' });
    assert.ok(heartbeats.length >= 1);
    for (const beat of heartbeats) assert.deepEqual(beat.alerts.map((alert) => alert.labels.alertname), ['Watchdog']);
    for (const channel of ['pagerduty', 'slack']) {
      assert.ok(!(await titles(channel)).some((title) => /Tls|Watchdog|NewSignups/.test(title)), `no info alert in ${channel}`);
    }
  });

  // Last: it stops the shop.
  test('the shop stopped: ServiceDown pages, and silences the shop\'s symptom alerts', async () => {
    await app.stop('SIGTERM');
    await waitForInbox(['ServiceDown']);
    const down = await inboxAlert('ServiceDown');
    assert.equal(down.labels.service_name, 'shop');
    assert.equal(down.labels.deployment_environment_name, 'production');
    assert.equal(down.labels.severity, 'critical');
    await eventually(async () => (await titles('pagerduty')).some((title) => title.includes('ServiceDown')), async () => `PagerDuty stand-in got ${JSON.stringify(await titles('pagerduty'))}`);
    // The shop's last five minutes of metrics keep SlowResponses true; the outage silences it.
    const slow = await eventually(async () => {
      const alert = (await alertmanager.alerts()).find((item) => item.labels.alertname === 'SlowResponses');
      return alert?.status.state === 'suppressed' && alert;
    }, async () => `SlowResponses: ${JSON.stringify((await alertmanager.alerts()).find((item) => item.labels.alertname === 'SlowResponses')?.status)}`);
    const serviceDown = (await alertmanager.alerts()).find((alert) => alert.labels.alertname === 'ServiceDown');
    assert.ok(slow.status.inhibitedBy.includes(serviceDown.fingerprint));
    // Every delivery succeeded: nothing for AlertNotificationsFailing to report.
    assert.equal(await alertmanager.metric('alertmanager_notifications_failed_total'), 0);
    assert.ok(await alertmanager.metric('alertmanager_notifications_total', { integration: 'pagerduty' }) >= 4);
  });
});
