// The configuration table, parsed once into a frozen object, with a warning per bad value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../dist/config/parse.js';
import { formatConfigWarning } from '../../dist/config/warnings.js';

const app = { name: 'shop-api', version: '1.4.0' };

test('defaults: OTLP/protobuf to localhost:4318, development sampling 1.0, the curated instrumentations', () => {
  const { config, warnings } = parseConfig({}, app);
  assert.deepEqual(warnings, []);
  assert.equal(config.serviceName, 'shop-api');
  assert.equal(config.serviceVersion, '1.4.0');
  assert.equal(config.environment, 'development');
  assert.equal(config.protocol, 'http/protobuf');
  assert.equal(config.traces.endpoint, 'http://localhost:4318/v1/traces');
  assert.equal(config.metrics.endpoint, 'http://localhost:4318/v1/metrics');
  assert.deepEqual(config.traces.sampler, { name: 'environment', ratio: 1 });
  assert.equal(config.shutdownTimeoutMs, 2000);
  assert.ok(config.instrumentations.includes('express'));
  assert.ok(!config.instrumentations.includes('fs'));
  assert.ok(!config.resourceDetectors.includes('aws'));
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.traces) && Object.isFrozen(config.instrumentations));
});

test('the sampling ratio follows the environment, from the resource attribute before NODE_ENV', () => {
  assert.equal(parseConfig({ NODE_ENV: 'production' }, app).config.traces.sampler.ratio, 0.1);
  assert.equal(parseConfig({ NODE_ENV: 'staging' }, app).config.traces.sampler.ratio, 0.5);
  // The short names teams use.
  assert.equal(parseConfig({ NODE_ENV: 'prod' }, app).config.traces.sampler.ratio, 0.1);
  assert.equal(parseConfig({ NODE_ENV: 'Live' }, app).config.traces.sampler.ratio, 0.1);
  assert.equal(parseConfig({ NODE_ENV: 'stage' }, app).config.traces.sampler.ratio, 0.5);
  assert.equal(parseConfig({ NODE_ENV: 'dev' }, app).config.traces.sampler.ratio, 1);
  const both = parseConfig({ NODE_ENV: 'production', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging' }, app).config;
  assert.equal(both.environment, 'staging');
  assert.equal(both.traces.sampler.ratio, 0.5);
});

test('the standard sampler variables override the environment default', () => {
  const { config } = parseConfig({ NODE_ENV: 'production', OTEL_TRACES_SAMPLER: 'always_on' }, app);
  assert.deepEqual(config.traces.sampler, { name: 'always_on', ratio: 1 });
  const ratio = parseConfig({ NODE_ENV: 'production', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }, app).config;
  assert.deepEqual(ratio.traces.sampler, { name: 'parentbased_traceidratio', ratio: 0.25 });
});

test('service identity: variable, then resource attributes, then package.json', () => {
  const { config } = parseConfig({ OTEL_SERVICE_NAME: 'checkout', OTEL_RESOURCE_ATTRIBUTES: 'service.name=ignored,service.version=9.9.9,team=payments%2Crisk' }, app);
  assert.equal(config.serviceName, 'checkout');
  assert.equal(config.serviceVersion, '9.9.9');
  assert.deepEqual(config.resourceAttributes, { team: 'payments,risk' });
});

test('compression and the export timeout: the standard variables, this project\'s timeout winning', () => {
  assert.equal(parseConfig({}, app).config.compression, undefined, 'unset: the per-signal variables decide');
  assert.equal(parseConfig({ OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }, app).config.compression, 'gzip');
  const zstd = parseConfig({ OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd' }, app);
  assert.equal(zstd.config.compression, undefined);
  assert.deepEqual(zstd.warnings.map(formatConfigWarning), ['OTEL_EXPORTER_OTLP_COMPRESSION="zstd" is not valid: expected one of gzip, none; using none']);
  assert.equal(parseConfig({}, app).config.exportTimeoutMs, 5000);
  assert.equal(parseConfig({ OTEL_EXPORTER_OTLP_TIMEOUT: '3000' }, app).config.exportTimeoutMs, 3000);
  assert.equal(parseConfig({ OTEL_EXPORTER_OTLP_TIMEOUT: '3000', OBS_EXPORT_TIMEOUT_MS: '1000' }, app).config.exportTimeoutMs, 1000);
  const bad = parseConfig({ OTEL_EXPORTER_OTLP_TIMEOUT: 'abc' }, app);
  assert.equal(bad.config.exportTimeoutMs, 5000);
  assert.deepEqual(bad.warnings.map(formatConfigWarning), ['OTEL_EXPORTER_OTLP_TIMEOUT="abc" is not valid: expected an integer from 100 to 60000; using OBS_EXPORT_TIMEOUT_MS']);
});

test('per-signal endpoints override the base endpoint; blank values count as unset', () => {
  const { config } = parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs:9999/custom', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '  ' }, app);
  assert.equal(config.traces.endpoint, 'http://collector:4318/v1/traces');
  assert.equal(config.logs.endpoint, 'http://logs:9999/custom');
});

test('instrumentation lists accept short and package names, and unknown names warn', () => {
  const { config, warnings } = parseConfig({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,@opentelemetry/instrumentation-pg,teleport', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg' }, app);
  assert.deepEqual(config.instrumentations, ['http']);
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0].variable, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS');
  assert.equal(warnings[0].value, 'teleport');
});

test('every bad value gives one warning with variable, value, expectation and fallback', () => {
  const { config, warnings } = parseConfig({
    OTEL_METRIC_EXPORT_INTERVAL: '-5',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
    OTEL_TRACES_SAMPLER_ARG: '2',
    OTEL_METRICS_EXPORTER: 'statsd',
    OTEL_RESOURCE_ATTRIBUTES: 'novalue',
  }, app);
  assert.equal(config.metrics.exportIntervalMs, 15000);
  assert.equal(config.traces.endpoint, 'http://localhost:4318/v1/traces');
  assert.equal(config.metrics.exporter, 'otlp');
  assert.deepEqual(warnings.map((warning) => warning.variable).sort(), [
    'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_METRICS_EXPORTER', 'OTEL_METRIC_EXPORT_INTERVAL', 'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_TRACES_SAMPLER_ARG',
  ]);
  const interval = warnings.find((warning) => warning.variable === 'OTEL_METRIC_EXPORT_INTERVAL');
  assert.equal(formatConfigWarning(interval), 'OTEL_METRIC_EXPORT_INTERVAL="-5" is not valid: expected an integer from 1000 to 3600000; using 15000');
  // One bad entry of a list is skipped, and the warning says so.
  const pair = warnings.find((warning) => warning.variable === 'OTEL_RESOURCE_ATTRIBUTES');
  assert.equal(formatConfigWarning(pair), 'OTEL_RESOURCE_ATTRIBUTES="novalue" is not valid: expected key=value pairs separated by commas; ignoring that pair');
});

test('a malformed OTLP header item is reported by name, never with its value', () => {
  const { warnings } = parseConfig({
    OTEL_EXPORTER_OTLP_HEADERS: 'Authorization: Bearer PLANTED-colon,x-team=shop,tenant=%E0%A4%A,PLANTEDbare',
    OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'api-key=PLANTED-fine;meta=1',
  }, app);
  const lines = warnings.map(formatConfigWarning);
  assert.deepEqual(lines, [
    'OTEL_EXPORTER_OTLP_HEADERS="Authorization:[REDACTED]" is not valid: expected key=value pairs separated by commas, values percent-encoded (authorization=Bearer%20<token>); ignoring that item',
    'OTEL_EXPORTER_OTLP_HEADERS="tenant=[REDACTED]" is not valid: expected key=value pairs separated by commas, values percent-encoded (authorization=Bearer%20<token>); ignoring that item',
    'OTEL_EXPORTER_OTLP_HEADERS="[REDACTED]" is not valid: expected key=value pairs separated by commas, values percent-encoded (authorization=Bearer%20<token>); ignoring that item',
  ]);
  assert.ok(!lines.join('\n').includes('PLANTED'));
});

test('each signal may take its own encoding; a bad one falls back to the common one, named', () => {
  const { config, warnings } = parseConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'grpc' }, app);
  assert.deepEqual([config.traces.protocol, config.metrics.protocol, config.logs.protocol], ['http/json', 'http/protobuf', 'http/json']);
  assert.deepEqual(warnings.map(formatConfigWarning), ['OTEL_EXPORTER_OTLP_LOGS_PROTOCOL="grpc" is not valid: expected one of http/protobuf, http/json; using http/json (OTEL_EXPORTER_OTLP_PROTOCOL)']);
  const unset = parseConfig({}, app).config;
  assert.deepEqual([unset.traces.protocol, unset.metrics.protocol, unset.logs.protocol], ['http/protobuf', 'http/protobuf', 'http/protobuf']);
});

test('standard SDK variables settled another way are reported when set, with what applies instead', () => {
  const { warnings } = parseConfig({
    OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BLRP_SCHEDULE_DELAY: '200', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '30000',
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta', OBS_MAX_QUEUE_SIZE: '500', OTEL_BSP_EXPORT_TIMEOUT: ' ',
  }, app);
  assert.deepEqual(warnings.map(formatConfigWarning), [
    'OTEL_BSP_MAX_QUEUE_SIZE="10" is not read here: OBS_MAX_QUEUE_SIZE sets one bound for spans and log records; using 500',
    'OTEL_BLRP_SCHEDULE_DELAY="200" is not read here: spans and log records leave in batches every second, from the export worker; using 1000',
    'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT="30000" is not read here: OTEL_EXPORTER_OTLP_TIMEOUT (or OBS_EXPORT_TIMEOUT_MS) sets one timeout for every export; using 5000',
    'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE="delta" is not read here: Prometheus accepts cumulative metrics only; using cumulative',
  ]);
});

test('under pm2 the final flush ends within three quarters of its kill timeout', () => {
  assert.equal(parseConfig({}, app).config.shutdownTimeoutMs, 2000);
  assert.equal(parseConfig({ pm_id: '0' }, app).config.shutdownTimeoutMs, 1200);
  assert.equal(parseConfig({ pm_id: '3', kill_timeout: '10000' }, app).config.shutdownTimeoutMs, 2000);
  assert.equal(parseConfig({ pm_id: '3', kill_timeout: '1000', OBS_SHUTDOWN_TIMEOUT_MS: '5000' }, app).config.shutdownTimeoutMs, 750);
  assert.equal(parseConfig({ pm_id: '3', PM2_KILL_TIMEOUT: 'soon' }, app).config.shutdownTimeoutMs, 2000);
});
