// The inbox page in a real browser: Debian's headless Chromium driven by playwright-core.
// Chromium is installed by .ci/run; a missing one fails this test rather than skipping it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startInbox, webhook } from '../support/alert-inbox.js';
import { launchChromium } from '../support/chromium.js';

let inbox;
let browser;
before(async () => {
  inbox = await startInbox();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await inbox?.stop();
});

test('the page lists alerts by severity, firing first, with working runbook links and escaped text', async () => {
  const alert = (alertname, severity, extra = {}) => ({ labels: { alertname, severity, job: 'demo/shop' }, annotations: { summary: `${alertname} summary`, runbook_url: `docs/runbooks/${alertname}.md` }, ...extra });
  const posts = [
    webhook('inbox', [alert('TlsCertificateExpiringSoon', 'info')]),
    webhook('inbox', [alert('SlowResponses', 'warning', { fingerprint: 'slow' })], 'resolved'),
    webhook('inbox', [alert('ElevatedErrorRate', 'warning')]),
    webhook('inbox', [alert('HighErrorRate', 'critical'), alert('PaymentFailures', 'critical')]),
    webhook('inbox', [{ labels: { alertname: 'Injected', severity: 'critical', job: '<script>window.pwned = 1</script>' }, annotations: { summary: '<img src=x onerror="window.pwned = 1">', runbook_url: 'javascript:window.pwned=1' } }]),
  ];
  for (const body of posts) assert.equal((await inbox.post('/alertmanager', body)).status, 200);
  assert.equal((await inbox.post('/sandbox/heartbeat', webhook('heartbeat', [alert('Watchdog', 'info')]))).status, 200);
  assert.equal((await inbox.post('/sandbox/slack', { attachments: [{ title: '[FIRING:1] CRITICAL HighErrorRate demo/shop', text: 't' }] })).status, 200);

  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  page.on('dialog', (dialog) => { errors.push(new Error(`dialog: ${dialog.message()}`)); dialog.dismiss(); });
  const response = await page.goto(inbox.url);
  assert.equal(response.status(), 200);

  assert.deepEqual(await page.locator('section.severity h2').evaluateAll((nodes) => nodes.map((node) => node.firstChild.textContent.trim())), ['critical', 'warning', 'info']);
  const names = (severity) => page.locator(`section#${severity} tr.alert .alertname`).allTextContents();
  assert.deepEqual((await names('critical')).sort(), ['HighErrorRate', 'Injected', 'PaymentFailures']);
  assert.deepEqual(await names('warning'), ['ElevatedErrorRate', 'SlowResponses'], 'firing before resolved');
  assert.equal(await page.locator('section#warning tr[data-alertname="SlowResponses"] .status').textContent(), 'resolved');
  assert.deepEqual(await names('info'), ['TlsCertificateExpiringSoon']);
  assert.equal(await page.locator('section#critical .count').textContent(), '3 firing');
  assert.match(await page.locator('#heartbeat').textContent(), /Watchdog heartbeat: last seen \d{4}-/);
  assert.equal(await page.locator('#heartbeat').getAttribute('class'), 'ok');
  assert.match(await page.locator('#sandbox').textContent(), /\[FIRING:1\] CRITICAL HighErrorRate demo\/shop/);

  // Injected markup is shown as text, and a javascript: runbook is not linked.
  const injected = page.locator('section#critical tr[data-alertname="Injected"]');
  assert.match(await injected.textContent(), /<img src=x onerror="window.pwned = 1">/);
  assert.equal(await injected.locator('a').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);

  // A runbook link opens the runbook, served by the inbox.
  await page.locator('section#critical tr[data-alertname="HighErrorRate"] a.runbook').click();
  await page.waitForURL(`${inbox.url}/docs/runbooks/HighErrorRate.md`);
  assert.match(await page.locator('body').textContent(), /^# HighErrorRate/);
  assert.deepEqual(errors, []);
});
