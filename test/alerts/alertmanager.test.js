// alertmanager/alertmanager.yml: its routes with amtool (alertmanager/tests/routes.json and one
// case per alert of prometheus/thresholds.json), the routes' timings from the parsed file, and
// its inhibition rules and timings against a real Alertmanager of the version compose pins,
// delivering to the real alert inbox.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/app-process.js';
import { startInbox } from '../support/alert-inbox.js';
import { run, startAlertmanager } from '../e2e/support/stack.js';
import { eventually } from '../support/timing.js';

const CONFIG = 'alertmanager/alertmanager.yml';
const routes = JSON.parse(readFileSync(join(REPO_ROOT, 'alertmanager/tests/routes.json'), 'utf8'));
const thresholds = JSON.parse(readFileSync(join(REPO_ROOT, 'prometheus/thresholds.json'), 'utf8'));

test('amtool check-config accepts the configuration and its templates', () => {
  const result = run('amtool', ['check-config', CONFIG]);
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, /- 6 inhibit rules\n - 5 receivers\n - 1 templates/);
});

test('amtool: every alert of every severity routes to that severity\'s receivers, and the edge cases as documented', () => {
  const cases = [
    ...Object.values(thresholds.alerts).filter((alert) => alert.name !== 'Watchdog').map((alert) => ({
      why: `${alert.name} is ${alert.severity}`,
      labels: { alertname: alert.name, severity: alert.severity },
      receivers: routes.receiversBySeverity[alert.severity],
    })),
    ...routes.cases,
  ];
  assert.ok(cases.length >= 28, `${cases.length} cases`);
  for (const { why, labels, receivers } of cases) {
    const args = ['config', 'routes', 'test', `--config.file=${CONFIG}`, `--verify.receivers=${receivers.join(',')}`, ...Object.entries(labels).map(([name, value]) => `${name}=${value}`)];
    const result = run('amtool', args);
    assert.equal(result.status, 0, `${why}: expected ${receivers.join(',')}, amtool says ${result.output.trim()}`);
  }
  // The check itself can fail: a wrong expectation is reported.
  const wrong = run('amtool', ['config', 'routes', 'test', `--config.file=${CONFIG}`, '--verify.receivers=inbox,chat-and-mail', 'severity=info']);
  assert.notEqual(wrong.status, 0);
});

test('the routes answer critical within 5 minutes, warning within an hour, info once a day', () => {
  const config = parse(readFileSync(join(REPO_ROOT, CONFIG), 'utf8'));
  const route = (receiver) => {
    const found = config.route.routes.filter((item) => item.receiver === receiver);
    assert.equal(found.length, 1, `one route to ${receiver}`);
    return found[0];
  };
  const seconds = (duration) => {
    const match = /^(\d+)([smh])$/.exec(duration);
    assert.ok(match, `a duration in s, m or h: ${duration}`);
    return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2]];
  };
  const critical = route('page-chat-and-mail');
  assert.ok(seconds(critical.group_wait) <= 30 && seconds(critical.repeat_interval) <= 300, JSON.stringify(critical));
  const warning = route('chat-and-mail');
  assert.ok(seconds(warning.group_wait) <= 60 && seconds(warning.repeat_interval) === 3600, JSON.stringify(warning));
  // One notification per error group: its alerts carry error_fingerprint, the others do not.
  assert.ok(config.route.group_by.includes('error_fingerprint'), JSON.stringify(config.route.group_by));
  for (const receiver of ['page-chat-and-mail', 'chat-and-mail']) assert.equal(route(receiver).group_by, undefined, `${receiver} keeps the top route's grouping`);
  const info = route('email-digest');
  assert.deepEqual(info.group_by, ['severity'], 'one digest for all info alerts');
  assert.ok(seconds(info.group_interval) === 86_400 && seconds(info.repeat_interval) === 86_400, JSON.stringify(info));
});

describe('inhibition and delivery in a real Alertmanager', () => {
  let inbox;
  let alertmanager;
  before(async () => {
    inbox = await startInbox();
    alertmanager = await startAlertmanager({ inbox });
  });
  after(async () => {
    alertmanager?.stop();
    await inbox?.stop();
  });

  const shop = { job: 'demo/shop', service_name: 'shop', deployment_environment_name: 'production' };
  const alert = (alertname, severity, labels = {}) => ({
    labels: { alertname, severity, ...labels },
    annotations: { summary: `${alertname} test`, runbook_url: `docs/runbooks/${alertname}.md` },
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
  });
  const key = (labels) => `${labels.alertname}/${labels.job ?? ''}/${labels.deployment_environment_name ?? ''}/${labels.service ?? ''}`;

  test('a critical silences its warning twin, a service down its symptoms, and nothing else', async () => {
    const staging = { ...shop, deployment_environment_name: 'staging' };
    const auth = { job: 'demo/auth', service_name: 'auth', deployment_environment_name: 'production' };
    await alertmanager.post([
      // Twins: the critical silences its warning twin in the same service and environment...
      alert('HighErrorRate', 'critical', { ...shop, pair: 'error_rate' }),
      alert('ElevatedErrorRate', 'warning', { ...shop, pair: 'error_rate' }),
      // ...not the same twin in another service.
      alert('ElevatedErrorRate', 'warning', { job: 'demo/payments', service_name: 'payments', deployment_environment_name: 'production', pair: 'error_rate' }),
      // A critical and a warning without `pair` in one service are not twins (the `equal` trap).
      alert('PaymentFailures', 'critical', { ...shop }),
      // Payment errors name the cause: the failure-rate page of the same service is silenced.
      alert('PaymentErrors', 'critical', { ...shop }),
      alert('PaymentFailures', 'critical', { job: 'demo/payments', service_name: 'payments', deployment_environment_name: 'production' }),
      alert('SlowDatabaseQueries', 'warning', { ...shop }),
      // A count of 5xx is silenced by an error-rate alert, critical or warning, of the same
      // service; a service whose share stays under 1% gets the count.
      alert('ServerErrorsBurst', 'warning', { ...shop }),
      alert('ServerErrorsBurst', 'warning', { job: 'demo/payments', service_name: 'payments', deployment_environment_name: 'production' }),
      alert('ServerErrorsBurst', 'warning', { job: 'demo/admin', service_name: 'admin', deployment_environment_name: 'production' }),
      // The shop's staging probe fails: the staging shop's symptoms are silenced, critical
      // ones too (one page for the cause), and production's are not.
      alert('ServiceDown', 'critical', { job: 'blackbox', service: 'demo-app', service_name: 'shop', deployment_environment_name: 'staging' }),
      alert('SlowResponses', 'warning', { ...staging }),
      alert('HighErrorRate', 'critical', { ...staging, pair: 'error_rate' }),
      alert('SlowResponses', 'warning', { ...shop }),
      // Past 2 s the 500 ms warning of the same service is silenced; another service's is not.
      alert('ElevatedResponseTime', 'warning', { ...shop }),
      alert('ElevatedResponseTime', 'warning', { job: 'demo/payments', service_name: 'payments', deployment_environment_name: 'production' }),
      // A probe without a service_name (a public site) silences nothing, not even alerts that lack one too.
      alert('ServiceDown', 'critical', { job: 'blackbox', service: 'website' }),
      alert('TelemetryPipelineLoss', 'warning', { job: 'otel-collector' }),
      // No telemetry from auth and its probe failing: one page (ServiceDown), its symptoms
      // silenced; what may be its cause (memory, the database) is delivered beside it.
      alert('ServiceTelemetryAbsent', 'critical', { ...auth }),
      alert('ElevatedErrorRate', 'warning', { ...auth, pair: 'error_rate' }),
      alert('HighMemoryUsage', 'warning', { ...auth }),
      alert('DatabaseUnreachable', 'critical', { ...auth, dependency: 'postgres' }),
      alert('ServiceDown', 'critical', { job: 'blackbox', service: 'auth', service_name: 'auth', deployment_environment_name: 'production' }),
    ]);
    // Alertmanager's inhibitor learns of posted alerts through a subscription of its own: read
    // until every alert has its state (or 5 s passed, and the assertion shows what differs).
    const expected = {
      'HighErrorRate/demo/shop/production/': 'active',
      'ElevatedErrorRate/demo/shop/production/': 'suppressed',
      'ElevatedErrorRate/demo/payments/production/': 'active',
      'PaymentFailures/demo/shop/production/': 'suppressed',
      'PaymentErrors/demo/shop/production/': 'active',
      'PaymentFailures/demo/payments/production/': 'active',
      'SlowDatabaseQueries/demo/shop/production/': 'active',
      'ServerErrorsBurst/demo/shop/production/': 'suppressed',
      'ServerErrorsBurst/demo/payments/production/': 'suppressed',
      'ServerErrorsBurst/demo/admin/production/': 'active',
      'ServiceDown/blackbox/staging/demo-app': 'active',
      'SlowResponses/demo/shop/staging/': 'suppressed',
      'HighErrorRate/demo/shop/staging/': 'suppressed',
      'SlowResponses/demo/shop/production/': 'active',
      'ElevatedResponseTime/demo/shop/production/': 'suppressed',
      'ElevatedResponseTime/demo/payments/production/': 'active',
      'ServiceDown/blackbox//website': 'active',
      'TelemetryPipelineLoss/otel-collector//': 'active',
      'ServiceTelemetryAbsent/demo/auth/production/': 'suppressed',
      'ElevatedErrorRate/demo/auth/production/': 'suppressed',
      'HighMemoryUsage/demo/auth/production/': 'active',
      'DatabaseUnreachable/demo/auth/production/': 'active',
      'ServiceDown/blackbox/production/auth': 'active',
    };
    let byKey;
    let state;
    await eventually(async () => {
      byKey = new Map((await alertmanager.alerts()).map((item) => [key(item.labels), item]));
      state = Object.fromEntries([...byKey].map(([name, item]) => [name, item.status.state]));
      return isDeepStrictEqual(state, expected);
    }, 'every alert in its state').catch(() => undefined);
    assert.deepEqual(state, expected);
    const fingerprint = (name) => byKey.get(name).fingerprint;
    assert.deepEqual(byKey.get('ElevatedErrorRate/demo/shop/production/').status.inhibitedBy, [fingerprint('HighErrorRate/demo/shop/production/')]);
    assert.deepEqual(byKey.get('SlowResponses/demo/shop/staging/').status.inhibitedBy, [fingerprint('ServiceDown/blackbox/staging/demo-app')]);
    assert.deepEqual(byKey.get('ElevatedResponseTime/demo/shop/production/').status.inhibitedBy, [fingerprint('SlowResponses/demo/shop/production/')]);
    assert.deepEqual(byKey.get('ServerErrorsBurst/demo/payments/production/').status.inhibitedBy, [fingerprint('ElevatedErrorRate/demo/payments/production/')]);
    // The shop has both error-rate alerts: either silences its count.
    const [burstInhibitor] = byKey.get('ServerErrorsBurst/demo/shop/production/').status.inhibitedBy;
    assert.ok([fingerprint('HighErrorRate/demo/shop/production/'), fingerprint('ElevatedErrorRate/demo/shop/production/')].includes(burstInhibitor));
    assert.deepEqual(byKey.get('PaymentFailures/demo/shop/production/').status.inhibitedBy, [fingerprint('PaymentErrors/demo/shop/production/')]);
    assert.deepEqual(byKey.get('ServiceTelemetryAbsent/demo/auth/production/').status.inhibitedBy, [fingerprint('ServiceDown/blackbox/production/auth')]);
    // Alertmanager names the first inhibiting alert it finds: either is right.
    const [symptomInhibitor] = byKey.get('ElevatedErrorRate/demo/auth/production/').status.inhibitedBy;
    assert.ok([fingerprint('ServiceDown/blackbox/production/auth'), fingerprint('ServiceTelemetryAbsent/demo/auth/production/')].includes(symptomInhibitor));
  });

  test('the inbox receives what is active within its 10 s group wait, and never what is silenced', async () => {
    const expected = ['HighErrorRate/demo/shop/production/', 'ElevatedErrorRate/demo/payments/production/', 'PaymentErrors/demo/shop/production/', 'PaymentFailures/demo/payments/production/', 'SlowDatabaseQueries/demo/shop/production/', 'ServerErrorsBurst/demo/admin/production/',
      'ServiceDown/blackbox/staging/demo-app', 'SlowResponses/demo/shop/production/', 'ElevatedResponseTime/demo/payments/production/', 'ServiceDown/blackbox//website', 'TelemetryPipelineLoss/otel-collector//', 'ServiceDown/blackbox/production/auth',
      'HighMemoryUsage/demo/auth/production/', 'DatabaseUnreachable/demo/auth/production/'];
    const deadline = Date.now() + 40_000;
    let received = [];
    for (;;) {
      received = (await inbox.notifications({ channel: 'inbox', limit: 1000 })).flatMap((item) => item.alerts).map((item) => key(item.labels));
      if (expected.every((name) => received.includes(name))) break;
      assert.ok(Date.now() < deadline, `inbox has ${received.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (const silenced of ['ElevatedErrorRate/demo/shop/production/', 'ServerErrorsBurst/demo/shop/production/', 'ServerErrorsBurst/demo/payments/production/', 'PaymentFailures/demo/shop/production/', 'ElevatedResponseTime/demo/shop/production/', 'SlowResponses/demo/shop/staging/', 'HighErrorRate/demo/shop/staging/', 'ServiceTelemetryAbsent/demo/auth/production/', 'ElevatedErrorRate/demo/auth/production/']) {
      assert.ok(!received.includes(silenced), `${silenced} was delivered`);
    }
  });
});

describe('the daily digest in a real Alertmanager', () => {
  let inbox;
  let alertmanager;
  before(async () => {
    inbox = await startInbox();
    // The configuration as it is, but for the digest route's wait and interval (a minute and a
    // day), which no test can sit through: seconds here.
    alertmanager = await startAlertmanager({
      inbox,
      adjust: (parsed) => Object.assign(parsed.route.routes.find((each) => each.receiver === 'email-digest'), { group_wait: '1s', group_interval: '6s' }),
    });
  });
  after(async () => {
    alertmanager?.stop();
    await inbox?.stop();
  });

  const info = (alertname, startsAt, endsAt) => ({
    labels: { alertname, severity: 'info', job: 'demo/shop', deployment_environment_name: 'production' },
    annotations: { summary: `${alertname} digest test`, runbook_url: `docs/runbooks/${alertname}.md` },
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
  });
  const digests = async () => (await inbox.notifications({ channel: 'email', limit: 1000 })).filter((mail) => mail.title.startsWith('Alert digest'));

  test('an info alert that starts and ends between two digests is in the next one', async () => {
    // A certificate expiring keeps the digest's group open for weeks.
    const started = new Date();
    await alertmanager.post([info('TlsCertificateExpiringSoon', started, new Date(Date.now() + 3_600_000))]);
    await eventually(async () => (await digests()).length === 1, async () => `a first digest; mails: ${JSON.stringify(await digests())}`);
    // A deploy notice that lasts less than the interval between two digests.
    const deployedAt = new Date();
    await alertmanager.post([info('NewVersionDeployed', deployedAt, new Date(Date.now() + 3_600_000))]);
    await alertmanager.post([info('NewVersionDeployed', deployedAt, new Date())]);
    const next = await eventually(
      async () => (await digests()).find((mail) => mail.text.includes('NewVersionDeployed')),
      async () => `a digest naming the deploy; digests: ${JSON.stringify(await digests())}`,
      30_000,
    );
    assert.match(next.text, /Ended since the last digest:\s+- NewVersionDeployed: NewVersionDeployed digest test/);
    assert.match(next.text, /- TlsCertificateExpiringSoon: TlsCertificateExpiringSoon digest test[\s\S]*Ended since/, 'the open alert is listed first, as active');
    assert.equal(next.title, 'Alert digest: 2 info alert(s)');
  });
});
