// OTEL_METRICS_EXPORTER=prometheus serves a pull endpoint through
// @opentelemetry/exporter-prometheus; under `cluster` the primary serves every worker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort, startApp } from '../support/app-process.js';

const scrape = async (port) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

test('the pull endpoint serves request histograms with the documented buckets', async () => {
  const metricsPort = await freePort();
  const app = await startApp('test/fixtures/esm-express.mjs', {
    env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1', OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort), OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
  });
  await app.get('/users/1');
  const page = await scrape(metricsPort);
  // The JS exporter adds no unit suffix (the OTLP path to Prometheus does).
  for (const le of ['0.2', '0.5', '1', '2', '5']) {
    assert.match(page, new RegExp(`http_server_request_duration_bucket\\{[^}]*http_route="/users/:id"[^}]*le="${le}"\\}`), `bucket le=${le}`);
  }
  assert.match(page, /^target_info\{/m);
  assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status, 404);
  await app.stop('SIGKILL');
});

test('the pull endpoint serves metric attributes scrubbed, as OTLP sends them', async () => {
  const metricsPort = await freePort();
  const app = await startApp('test/fixtures/pii-app.mjs', {
    env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1', OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort), OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
  });
  try {
    assert.equal((await app.get('/plant')).status, 200);
    const page = await scrape(metricsPort);
    const logins = page.split('\n').filter((line) => line.startsWith('app_logins'));
    assert.equal(logins.length, 1, page);
    assert.ok(!/PLANT|plant-metric@/.test(page), logins[0]);
    assert.match(logins[0], /user_email="\[REDACTED\]"/);
    assert.match(logins[0], /url_full="https:\/\/x\.test\/\?access_token=\[REDACTED\]&page=2"/);
  } finally {
    await app.stop('SIGKILL');
  }
});

test('under cluster, the primary serves one page with every worker\'s series labelled', async () => {
  const metricsPort = await freePort();
  const appPort = await freePort();
  const app = await startApp('test/fixtures/cluster-app.mjs', {
    env: { PORT: String(appPort), OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1', OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort), OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
  });
  for (let index = 0; index < 20; index++) await app.get(`/r${index}`, { headers: { connection: 'close' } });
  const page = await scrape(metricsPort);
  const workers = new Set([...page.matchAll(/^http_server_request_duration_count\{worker="(\d+)"/gm)].map((match) => match[1]));
  assert.ok(workers.size >= 1, page);
  assert.match(page, /^process_memory_usage\{worker="primary"/m);
  assert.match(page, /^process_memory_usage\{worker="1"/m);
  assert.match(page, /^process_memory_usage\{worker="2"/m);
  const typeLines = page.split('\n').filter((line) => line === '# TYPE process_memory_usage gauge' || line.startsWith('# TYPE process_memory_usage '));
  assert.equal(typeLines.length, 1, 'one TYPE line per family');
  assert.doesNotMatch(app.stderr, /EADDRINUSE/);
  await app.stop('SIGTERM');
});
