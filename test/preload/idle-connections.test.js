// An idle keep-alive connection belongs to no request: its timer must not run in (nor keep
// alive) the context of the request it last served. A timeout the application sets during a
// request still fires in that request's context.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { startApp } from '../support/app-process.js';
import { eventually } from '../support/timing.js';

/** One raw keep-alive connection (a client library might close it first), kept open until the server's timer ends it. */
async function requestOnOneConnection(port, paths) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => { received += chunk; });
  const closed = new Promise((resolve) => socket.on('close', resolve));
  for (const [index, path] of paths.entries()) {
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
    await eventually(() => received.split('HTTP/1.1 200').length - 1 === index + 1, `the answer to ${path}`);
  }
  return closed;
}

test('a keep-alive connection\'s idle timer fires outside the last request\'s context; a request\'s own timeout inside it', { timeout: 30_000 }, async () => {
  const app = await startApp('test/fixtures/keep-alive-timers.cjs', { env: { OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' } });
  try {
    await requestOnOneConnection(app.port, ['/wait', '/done']);
    await eventually(() => app.jsonLines().some((line) => 'idleTimeout' in line), 'the idle connection timed out');
    const lines = app.jsonLines();
    const handled = Object.fromEntries(lines.filter((line) => line.handled).map((line) => [line.handled, line.traceId]));
    assert.match(handled['/wait'], /^[0-9a-f]{32}$/, 'the requests are traced');
    assert.match(handled['/done'], /^[0-9a-f]{32}$/);
    assert.equal(lines.find((line) => 'requestTimeout' in line).requestTimeout, handled['/wait'], 'res.setTimeout fires in its request\'s trace');
    assert.equal(lines.find((line) => 'idleTimeout' in line).idleTimeout, null, 'the idle timer is in no request\'s trace');
  } finally {
    await app.stop('SIGTERM');
  }
});
