// A TypeScript app run through ts-node's require hook starts, answers and logs under the
// preload as it does bare, whichever of `--import ./instrument` and `--require
// ts-node/register` comes first on the command line. Under an `--import` preload Node loads a
// `.ts` entry point through its ES module loader, which stripped the types before ts-node
// type-checked them (Node 24) or read the `import` statements as an ES module (Node 22): the
// app did not start at all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { eventually } from '../support/timing.js';

const FIXTURE = 'test/fixtures/ts-node-app/app.ts';
const ENV = { TS_NODE_PROJECT: 'test/fixtures/ts-node-app/tsconfig.json', OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' };

for (const [title, args] of [
  ['bare', ['--require', 'ts-node/register']],
  ['the preload first', ['--import', './instrument', '--require', 'ts-node/register']],
  ['ts-node first', ['--require', 'ts-node/register', '--import', './instrument']],
]) {
  test(`ts-node, ${title}: the app starts, answers from both of its .ts files, and ends on SIGTERM`, async () => {
    const app = await startApp(FIXTURE, { args, env: ENV });
    try {
      assert.deepEqual(await app.get('/orders/7'), { status: 200, body: '{"id":"7","total":42}' });
      assert.deepEqual(await app.get('/orders/missing'), { status: 503, body: '{"error":"unavailable"}' });
      // A response can arrive before the app's stdout has been read here.
      const line = await eventually(() => app.jsonLines().find((record) => record.msg === 'order read'), 'the app\'s pino line');
      if (title === 'bare') assert.equal(line.trace_id, undefined);
      else assert.match(line.trace_id, /^[0-9a-f]{32}$/, 'the line carries its request\'s trace');
      assert.equal(app.stderr, '', 'nothing on stderr');
    } finally {
      const ended = await app.stop('SIGTERM');
      assert.equal(ended.signal, 'SIGTERM');
    }
  });
}
