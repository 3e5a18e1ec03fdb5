// Uncaught exceptions and unhandled rejections under the preload: the error is captured
// (log record with its fingerprint, span event, counter) and exported before the process
// ends, and the process ends as it would have without the preload: same exit status, the same
// source line, caret, error and stack on stderr (Node prints them itself), and nothing of ours
// on stdout. An app with its own uncaughtException listener keeps control.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { REPO_ROOT, startApp } from '../support/app-process.js';
import { attributesOf, dataPointsOf, startReceiver } from '../support/otlp-receiver.js';

const FIXTURE = 'test/fixtures/crash-app.mjs';

/** The fixture without the preload: how it ends on its own. */
async function bare(mode) {
  const child = spawn(process.execPath, [FIXTURE], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, CRASH: mode }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    const port = /"listening":(\d+)/.exec(stdout)?.[1];
    if (port && !child.requested) {
      child.requested = true;
      fetch(`http://127.0.0.1:${port}/`).catch(() => {});
    }
  });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const [code, signal] = await new Promise((resolve) => child.on('exit', (...result) => resolve(result)));
  return { code, signal, stderr, stdout };
}

async function crashUnderPreload(mode) {
  const receiver = await startReceiver();
  const app = await startApp(FIXTURE, { env: { CRASH: mode, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'crashy', NODE_ENV: 'production' } });
  assert.equal((await app.get('/')).status, 200);
  // startApp unrefs the child; held here, or the test runner sees an empty event loop.
  app.child.ref();
  const ended = await app.exited;
  await receiver.close();
  return { app, ended, receiver };
}

/** The source excerpt Node prints above the error: location, source line, caret. */
function excerpt(stderr) {
  const lines = stderr.split('\n');
  const start = lines.findIndex((line) => /^(file:\/\/|\/)\S+:\d+$/.test(line));
  return start === -1 ? [] : lines.slice(start, start + 3);
}

/** The error lines Node prints (without the source excerpt above them). */
function errorLines(stderr) {
  return stderr.split('\n').filter((line) => /^(TypeError|Error|\s+at file:|Node\.js)/.test(line) && !line.includes('node:internal'));
}

for (const [mode, type] of [['throw', 'TypeError'], ['reject', 'Error']]) {
  test(`${mode === 'throw' ? 'an uncaught exception' : 'an unhandled rejection'} is exported, then the process ends as it would have`, async () => {
    const expected = await bare(mode);
    const { app, ended, receiver } = await crashUnderPreload(mode);
    assert.deepEqual(ended, { code: expected.code, signal: expected.signal });
    assert.equal(ended.code, 1);
    assert.deepEqual(errorLines(app.stderr), errorLines(expected.stderr));
    assert.equal(excerpt(expected.stderr).length, 3, expected.stderr);
    assert.deepEqual(excerpt(app.stderr), excerpt(expected.stderr), 'the same source line and caret above the error');
    assert.equal(app.stdout.replace(/"listening":\d+/, ''), expected.stdout.replace(/"listening":\d+/, ''), 'stdout holds what the app wrote, no line of ours');

    const record = receiver.logRecords().find((log) => attributesOf(log.attributes)['error.handled'] === false);
    assert.ok(record, 'the crash reached the collector before the process ended');
    const attributes = attributesOf(record.attributes);
    assert.equal(attributes['error.type'], type);
    assert.match(attributes['error.fingerprint'], /^[0-9a-f]{16}$/);
    assert.ok(!JSON.stringify(receiver.logRecords()).includes('abc123secret'), 'the token in the message was scrubbed');
    const span = receiver.spans().find((s) => s.name === `error ${type}`);
    assert.ok(span, "the error has a span of its own (the request it happened in was not sampled)");
    assert.equal(attributesOf(span.events[0].attributes)['error.fingerprint'], attributes['error.fingerprint']);
    assert.ok(dataPointsOf(receiver, 'app.errors').some((point) => point.attributes.error_type === type));
  });
}

test('an unhandled \'error\' event ends as bare: Node\'s own source line above it, and where the event was emitted', async () => {
  const expected = await bare('emit');
  const { app, ended, receiver } = await crashUnderPreload('emit');
  assert.deepEqual(ended, { code: expected.code, signal: expected.signal });
  assert.equal(ended.code, 1);
  const head = (stderr) => stderr.split('\n').slice(0, 5);
  assert.match(expected.stderr, /^node:events:\d+\n.*throw er; \/\/ Unhandled 'error' event\n/);
  assert.deepEqual(head(app.stderr), head(expected.stderr), 'the excerpt from node:events, then the error');
  assert.match(app.stderr, /\nEmitted 'error' event on Socket instance at:\n/);
  const record = receiver.logRecords().find((log) => attributesOf(log.attributes)['error.handled'] === false);
  assert.ok(record, 'the crash reached the collector before the process ended');
  assert.match(record.body.stringValue, /ECONNREFUSED/);
});

test('an app with its own uncaughtException listener decides how it ends; the error is still exported', async () => {
  const { app, ended, receiver } = await crashUnderPreload('handled');
  assert.deepEqual(ended, { code: 3, signal: null });
  assert.match(app.stdout, /"appHandled":"inventory for order 77 is negative/);
  assert.ok(receiver.logRecords().some((log) => attributesOf(log.attributes)['error.type'] === 'TypeError'));
});
