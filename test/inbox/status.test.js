// The status page's figures and HTML from probe samples, and its routes' answers when
// Prometheus is not there or the service is unknown. The page over the real Prometheus and
// blackbox exporter, in headless Chromium, is in test/e2e/pipeline.test.js.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { incidentsOf } from '../../services/alert-inbox/dist/status.js';
import { durationText, renderStatusPage, uptimeText } from '../../services/alert-inbox/dist/status-page.js';
import { startInbox } from '../support/alert-inbox.js';
import { freePort } from '../support/app-process.js';

test('incidents are the runs of failed probes, newest first, the last one ongoing while it lasts', () => {
  const samples = [[0, '1'], [60, '0'], [120, '0'], [180, '1'], [240, '1'], [300, '0'], [360, '1'], [420, '0']];
  assert.deepEqual(incidentsOf(samples), [{ start: 420, end: undefined }, { start: 300, end: 360 }, { start: 60, end: 180 }]);
  assert.deepEqual(incidentsOf([[0, '1'], [60, '1']]), []);
  assert.deepEqual(incidentsOf([]), []);
});

test('uptime is never rounded up to 100% while a probe failed; durations read as people write them', () => {
  assert.equal(uptimeText(1), '100%');
  assert.equal(uptimeText(0.99999), '99.999%');
  assert.equal(uptimeText(0.9999999), '99.999%');
  assert.equal(uptimeText(0.5), '50%');
  assert.equal(uptimeText(undefined), 'no data');
  assert.equal(durationText(40), '40 s');
  assert.equal(durationText(12 * 60), '12 min');
  assert.equal(durationText(3 * 3600 + 5 * 60), '3 h 5 min');
  assert.equal(durationText(3 * 86400 + 7200), '3 d 2 h');
});

test('the page groups probes by service, says what is down, and escapes what it shows', () => {
  const now = 1_800_000_000;
  const html = renderStatusPage([
    { service: 'shop', instance: 'http://shop:3000/health', up: false, uptime: { '24h': 0.98, '7d': 0.997, '30d': 0.9993 }, incidents: [{ start: now - 600, end: undefined }, { start: now - 86400, end: now - 86400 + 180 }] },
    { service: 'shop', instance: 'shop-db:5432', up: true, uptime: { '24h': 1, '7d': 1, '30d': 1 }, incidents: [] },
    { service: '<script>', instance: 'x"y', up: undefined, uptime: {}, incidents: [] },
  ], { nowSeconds: now });
  assert.match(html, /<section class="service down" data-service="shop">/);
  assert.match(html, /<td class="uptime" data-window="7d">99.7%<\/td>/);
  assert.match(html, /down for 10 min so far/);
  assert.match(html, /down for 3 min, resolved /);
  assert.match(html, /No incidents in the last 7 days\./);
  assert.match(html, /<section class="service unprobed" data-service="&#60;script&#62;">/);
  assert.match(html, /Not probed now/);
  assert.doesNotMatch(html, /<script>/);
  assert.match(renderStatusPage([], { nowSeconds: now }), /Nothing is probed yet: add targets to prometheus\/targets\/probes\.yml/);
});

let inbox;
before(async () => {
  inbox = await startInbox({ INBOX_PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}` });
});
after(async () => {
  await inbox?.stop();
});

test('without Prometheus the status page answers 503 naming it; a bad service path is refused clearly', async () => {
  for (const path of ['/status', '/api/status', '/status/shop']) {
    const response = await fetch(`${inbox.url}${path}`);
    assert.equal(response.status, 503, path);
    assert.match((await response.json()).error, /^Prometheus at http:\/\/127\.0\.0\.1:\d+ cannot be reached/);
  }
  const badEncoding = await fetch(`${inbox.url}/status/%E0%A4%A`);
  assert.equal(badEncoding.status, 400);
  assert.match((await badEncoding.json()).error, /not valid percent-encoding/);
  const post = await fetch(`${inbox.url}/status`, { method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
});

test('a bad INBOX_PROMETHEUS_URL stops the start, naming the variable and the value', async () => {
  await assert.rejects(startInbox({ INBOX_PROMETHEUS_URL: 'prometheus:9090' }), /INBOX_PROMETHEUS_URL="prometheus:9090" is not an http:\/\/ or https:\/\/ URL/);
});
