// `node-otel-stack backup-succeeded`: options checked before anything is sent (exit 2 with
// the option, its value and what it takes), the OTLP payload, and the report against a real
// HTTP receiver that accepts, refuses, or is not there. The whole hop through the collector
// and Prometheus is in test/e2e/pipeline.test.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { test } from 'node:test';
import { backupPayload, BackupUsageError, parseBackupArguments, reportBackup } from '../../dist/check/backup-report.js';
import { freePort, REPO_ROOT } from '../support/app-process.js';

test('--backup is required; the rest defaults to the compose collector and production', () => {
  assert.deepEqual(parseBackupArguments(['--backup', 'postgres-nightly']), { backup: 'postgres-nightly', service: 'backups', environment: 'production', collector: 'http://127.0.0.1:4318' });
  assert.deepEqual(parseBackupArguments(['--backup', 'files', '--service', 'shop', '--environment', 'staging', '--collector', 'http://gw:4318/']), { backup: 'files', service: 'shop', environment: 'staging', collector: 'http://gw:4318' });
});

for (const [args, message] of [
  [[], /--backup NAME is required/],
  [['--backup', 'nightly backup'], /--backup "nightly backup": expected a name of letters, digits/],
  [['--backup', 'x'.repeat(65)], /at most 64 characters/],
  [['--backup', 'db', '--collector', 'gw:4318'], /--collector "gw:4318": expected an http:\/\/ or https:\/\/ URL/],
  [['--backup', 'db', '--when', 'now'], /unknown option --when/],
  [['--backup'], /--backup: expected --option value/],
]) {
  test(`a bad option is refused with what it takes: ${args.join(' ') || '(none)'}`, () => {
    assert.throws(() => parseBackupArguments(args), (error) => error instanceof BackupUsageError && message.test(error.message));
  });
}

test('the payload is one gauge point of the success time, with no resource attribute but the service name', () => {
  const report = parseBackupArguments(['--backup', 'postgres-nightly']);
  const payload = backupPayload(report, 1_700_000_000_500);
  const [resourceMetrics] = payload.resourceMetrics;
  assert.deepEqual(resourceMetrics.resource.attributes, [{ key: 'service.name', value: { stringValue: 'backups' } }]);
  const [metric] = resourceMetrics.scopeMetrics[0].metrics;
  assert.equal(metric.name, 'backup.last_success.timestamp');
  assert.equal(metric.unit, 's');
  const [point] = metric.gauge.dataPoints;
  assert.equal(point.asDouble, 1_700_000_000);
  assert.equal(point.timeUnixNano, '1700000000500000000');
  assert.deepEqual(point.attributes.map(({ key, value }) => [key, value.stringValue]), [['backup.name', 'postgres-nightly'], ['deployment.environment.name', 'production']]);
});

test('the report says OK when the receiver accepts, FAIL with the answer or the reason otherwise', async () => {
  const received = [];
  let status = 200;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      received.push({ url: request.url, type: request.headers['content-type'], body: JSON.parse(body) });
      response.writeHead(status).end(status === 200 ? '{}' : 'refused for the test');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const collector = `http://127.0.0.1:${server.address().port}`;
  try {
    const lines = [];
    const report = parseBackupArguments(['--backup', 'db', '--collector', collector]);
    assert.equal(await reportBackup(report, (line) => lines.push(line), 1_700_000_000_000), 0);
    assert.match(lines[0], /^OK +backup db \(backups, production\) succeeded at 2023-11-14T22:13:20\.000Z, reported to http:\/\/127\.0\.0\.1:\d+\/v1\/metrics$/);
    assert.equal(received[0].url, '/v1/metrics');
    assert.equal(received[0].type, 'application/json');
    assert.deepEqual(received[0].body, backupPayload(report, 1_700_000_000_000));

    status = 400;
    assert.equal(await reportBackup(report, (line) => lines.push(line)), 1);
    assert.match(lines[1], /^FAIL +http:\/\/127\.0\.0\.1:\d+\/v1\/metrics answered 400: refused for the test$/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  const lines = [];
  const nobody = `http://127.0.0.1:${await freePort()}`;
  assert.equal(await reportBackup(parseBackupArguments(['--backup', 'db', '--collector', nobody]), (line) => lines.push(line)), 1);
  assert.match(lines[0], new RegExp(`^FAIL +${nobody}/v1/metrics: `));
});

test('the command exits 2 on a bad option, naming it, and 1 when the collector is not there', async () => {
  const usage = spawnSync(process.execPath, ['bin/node-otel-stack.js', 'backup-succeeded', '--backup', 'two words'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--backup "two words": expected a name/);
  assert.match(usage.stderr, /usage: node-otel-stack backup-succeeded --backup NAME/);
  const down = spawnSync(process.execPath, ['bin/node-otel-stack.js', 'backup-succeeded', '--backup', 'db', '--collector', `http://127.0.0.1:${await freePort()}`], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(down.status, 1);
  assert.match(down.stdout, /^FAIL /);
});
