// Health endpoints: liveness never touches dependencies, readiness runs each check with its
// timeout and answers 200 or 503, the detailed view hides error text in production, checks
// feed app.dependency.up and app.dependency.check.duration, and the three framework adapters
// serve the same paths (405 for other methods). Bad inputs are refused with clear errors.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, test } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import { installTelemetry } from '../support/in-memory-telemetry.js';
import { createHealth, handleHealthRequest, healthMiddleware, healthPlugin, httpCheck, postgresCheck, redisCheck } from '../../dist/index.js';

const telemetry = installTelemetry();
const healths = [];
after(() => { for (const health of healths) health.stop(); });
const make = (options) => { const health = createHealth({ intervalMs: 0, ...options }); healths.push(health); return health; };

const up = (name) => ({ name, check: async () => {} });
const down = (name, message = 'connection refused by 10.0.0.5') => ({ name, check: async () => { throw new Error(message); } });
const hanging = (name) => ({ name, timeoutMs: 50, check: (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))) });

test('readiness is 200 when every critical check passes and 503 when one fails or times out', async () => {
  const ready = await make({ checks: [up('postgres'), { ...down('cache'), critical: false }] }).readiness();
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.body.checks.postgres.status, 'up');
  assert.equal(ready.body.checks.cache.status, 'down');
  assert.equal(ready.body.checks.cache.error, undefined, 'readiness never shows error text');

  const started = Date.now();
  const failing = await make({ checks: [up('postgres'), hanging('auth')] }).readiness();
  assert.equal(failing.statusCode, 503);
  assert.equal(failing.body.status, 'unavailable');
  assert.equal(failing.body.checks.auth.status, 'down');
  assert.ok(Date.now() - started < 1000, 'the hanging check was cut at its timeout');
  assert.equal(make().liveness().status, 'ok');
});

test('the detailed view shows error text, scrubbed, outside production and hides it in production', async () => {
  const development = await make({ checks: [down('auth')], environment: 'development' }).detailed();
  assert.equal(development.statusCode, 503);
  assert.equal(development.body.checks.auth.error, 'connection refused by 10.0.0.5');
  const production = await make({ checks: [down('auth')], environment: 'production' }).detailed();
  assert.equal(production.body.checks.auth.error, 'hidden in production');
  assert.equal((await make({ checks: [down('auth')], environment: 'prod' }).detailed()).body.checks.auth.error, 'hidden in production', 'production by its short name');
  assert.ok(!JSON.stringify(production.body).includes('10.0.0.5'));
  assert.ok('version' in production.body && 'uptimeSeconds' in production.body);
  // Shown, the text is scrubbed: a check's error may quote a token or an address.
  const leaky = { name: 'vault', check: async () => { throw new Error('vault login failed: token=R15HealthVaultTok for ops.health@example.com'); } };
  const staging = await make({ checks: [leaky], environment: 'staging' }).detailed();
  assert.equal(staging.body.checks.vault.error, 'vault login failed: token=[REDACTED] for [REDACTED]');
});

test('checks feed app.dependency.up and app.dependency.check.duration', async () => {
  const health = make({ checks: [up('redis'), down('billing')] });
  await health.readiness();
  const gauge = await telemetry.points('app.dependency.up');
  assert.equal(gauge.find((p) => p.attributes.dependency === 'redis')?.value, 1);
  assert.equal(gauge.find((p) => p.attributes.dependency === 'billing')?.value, 0);
  const durations = await telemetry.points('app.dependency.check.duration');
  assert.ok(durations.some((p) => p.attributes.dependency === 'billing' && p.value.count >= 1));
});

test('background checks run on their interval without keeping the process alive', async () => {
  let runs = 0;
  const health = make({ intervalMs: 20, checks: [{ name: 'ticker', check: async () => { runs++; } }] });
  await new Promise((resolve) => setTimeout(resolve, 120));
  health.stop();
  assert.ok(runs >= 3, `${runs} runs`);
});

test('built-in checks: PostgreSQL and Redis clients, and an HTTP dependency', async () => {
  const queries = [];
  const pg = postgresCheck({ query: async (sql) => { queries.push(sql); } });
  const redis = redisCheck({ ping: async () => 'PONG' }, { name: 'sessions' });
  const server = http.createServer((request, response) => response.writeHead(request.url === '/ok' ? 204 : 500).end());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const result = await make({ checks: [pg, redis, httpCheck(`${base}/ok`, { name: 'auth' }), httpCheck(`${base}/broken`, { name: 'billing' })] }).detailed();
  server.close();
  assert.ok(queries.length >= 1 && queries.every((sql) => sql === 'SELECT 1'), JSON.stringify(queries));
  assert.equal(result.body.checks.postgres.status, 'up');
  assert.equal(result.body.checks.sessions.status, 'up');
  assert.equal(result.body.checks.auth.status, 'up');
  assert.match(result.body.checks.billing.error, /answered 500/);
});

test('bad inputs are refused with errors that name the problem', () => {
  assert.throws(() => make({ checks: [{ name: 'Bad Name', check: async () => {} }] }), /name must match/);
  assert.throws(() => make({ checks: [{ name: 'db' }] }), /check must be a function/);
  assert.throws(() => make({ checks: [up('db'), up('db')] }), /already registered/);
  assert.throws(() => make({ timeoutMs: 0 }), /timeoutMs must be a positive number/);
  assert.throws(() => postgresCheck(null), /postgresCheck needs an object with a query\(\) method/);
  assert.throws(() => httpCheck('not a url'), /absolute http\(s\) URL/);
  assert.throws(() => httpCheck('ftp://example.test/'), /http\(s\) URL, got ftp:/);
});

async function exercise(base) {
  const get = async (path, method = 'GET') => {
    const response = await fetch(`${base}${path}`, { method });
    return { status: response.status, body: method === 'HEAD' ? '' : await response.text(), headers: response.headers };
  };
  const live = await get('/health');
  assert.equal(live.status, 200);
  assert.equal(JSON.parse(live.body).status, 'ok');
  assert.equal(live.headers.get('cache-control'), 'no-store');
  const ready = await get('/health/ready');
  assert.equal(ready.status, 503);
  assert.equal(JSON.parse(ready.body).checks.auth.status, 'down');
  assert.equal((await get('/health/detailed')).status, 503);
  assert.equal((await get('/health', 'HEAD')).status, 200);
  return get;
}

test('node:http, Express and Fastify serve the same three paths', async () => {
  const health = make({ checks: [up('postgres'), down('auth')], environment: 'production' });

  const plain = http.createServer((request, response) => {
    if (!handleHealthRequest(health, request, response)) response.writeHead(404).end('app');
  });
  await new Promise((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const get = await exercise(`http://127.0.0.1:${plain.address().port}`);
  const post = await get('/health/ready', 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  assert.equal((await get('/other')).body, 'app');
  plain.close();

  const app = express();
  app.use(healthMiddleware(health));
  app.get('/other', (_request, response) => response.send('express'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.on('listening', resolve));
  const getExpress = await exercise(`http://127.0.0.1:${server.address().port}`);
  assert.equal((await getExpress('/other')).body, 'express');
  server.close();

  const fastify = Fastify();
  await fastify.register(healthPlugin(health));
  const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
  await exercise(address);
  await fastify.close();
});
