// OTEL_SDK_DISABLED is a true no-op, and bad variables give one clear warning each while
// the application runs on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { startReceiver } from '../support/otlp-receiver.js';

test('OTEL_SDK_DISABLED=true patches nothing, registers nothing and exports nothing', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/probe-app.mjs', { env: { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  const [report] = app.jsonLines();
  assert.equal(report.emitPatched, false);
  assert.deepEqual(report.otelGlobals, []);
  assert.equal((await app.get('/')).status, 200);
  // An active preload would flush on SIGTERM before the process ends: nothing may arrive.
  const ended = await app.stop('SIGTERM');
  assert.equal(ended.signal, 'SIGTERM');
  assert.equal(receiver.requests.length, 0);
  assert.equal(app.stderr, '');
  await receiver.close();
});

test('the preload is active when not disabled (the probe can tell)', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/probe-app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  const [report] = app.jsonLines();
  assert.equal(report.emitPatched, true);
  assert.ok(report.otelGlobals.length > 0);
  await app.stop('SIGKILL');
  await receiver.close();
});

test('each bad variable gives one warning naming the variable, the value, the expectation and the fallback', async () => {
  const receiver = await startReceiver();
  const app = await startApp('test/fixtures/cjs-app.cjs', {
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: 'soon',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_SDK_DISABLED: 'yes please',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not-a-url',
      // A pair written wrongly whose value is a secret: quoted masked, as telemetry would be.
      OTEL_RESOURCE_ATTRIBUTES: 'team=shop,db.password=R15ResPw%ZZbad',
    },
  });
  assert.equal((await app.get('/still-works')).status, 200);
  const warnings = app.stderr.split('\n').filter((line) => line.includes('[OBS_BAD_ENV]'));
  assert.equal(warnings.length, 6, app.stderr);
  assert.ok(!app.stderr.includes('R15ResPw'), app.stderr);
  const expected = [
    ['OTEL_METRIC_EXPORT_INTERVAL="soon"', 'an integer from 1000 to 3600000', 'using 15000'],
    ['OTEL_TRACES_SAMPLER="sometimes"', 'one of always_on', "using the environment's parent-based ratio sampler"],
    ['OTEL_EXPORTER_OTLP_PROTOCOL="grpc"', 'one of http/protobuf, http/json', 'using http/protobuf'],
    ['OTEL_SDK_DISABLED="yes please"', '"true" or "false"', 'using false'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="not-a-url"', 'an http:// or https:// URL', 'using OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces'],
    ['OTEL_RESOURCE_ATTRIBUTES="db.password=[REDACTED]"', 'a percent-encoded value', 'ignoring that pair'],
  ];
  for (const parts of expected) {
    const line = warnings.find((warning) => warning.includes(parts[0]));
    assert.ok(line, `a warning for ${parts[0]} in:\n${app.stderr}`);
    for (const part of parts) assert.ok(line.includes(part), `"${part}" in: ${line}`);
  }
  // The fallbacks are in force: telemetry still flows over protobuf, traces to the base URL.
  await receiver.waitFor((r) => r.requests.some((request) => request.contentType === 'application/x-protobuf'));
  await receiver.waitFor((r) => r.spans().length > 0, { what: 'a span at the fallback URL' });
  // Nothing else (the exporters in the worker) reads the settled variables and warns again.
  const repeated = app.stderr.split('\n').filter((line) => line.includes('not-a-url') && !line.includes('[OBS_BAD_ENV]'));
  assert.deepEqual(repeated, [], app.stderr);
  await app.stop('SIGKILL');
  await receiver.close();
});
