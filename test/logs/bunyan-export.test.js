// bunyan under the preload: every logger exports the records it writes, as it writes them.
// What the app's serializers drop or mask (on a call's fields and on child loggers' fields),
// what its error serializer leaves out, what a value's toJSON hides and what an error field
// without a serializer does not show (bunyan writes it as {}) never leaves the process; each exported record carries exactly the fields of its stdout line (bunyan's
// envelope aside: time, level, msg, v), the severity of its level and the trace context of
// the request that logged it, which the line carries too. With OTEL_LOGS_EXPORTER=none no
// stream is added and nothing is sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compatCase } from '../compat/cases.js';
import { installAliasedForApp } from '../compat/support/aliased-install.js';
import { startApp } from '../support/app-process.js';
import { anyValue, attributesOf, startReceiver } from '../support/otlp-receiver.js';

/**
 * This suite is the compatibility table's two bunyan rows (test/compat/cases.js): the fixture
 * imports the repository's bunyan 1, or requires bunyan 2 from a folder that has it under its
 * own name, as an app on that version would.
 */
const BUNYAN_2_FOLDER = fileURLToPath(new URL('../compat/apps/bunyan-2/', import.meta.url));
const VERSIONS = [
  { ...compatCase('bunyan'), major: '1', env: {} },
  { ...compatCase('bunyan-2'), major: '2', env: { BUNYAN_FROM: BUNYAN_2_FOLDER }, prepare: () => installAliasedForApp('bunyan-2', 'bunyan', 'bunyan-2') },
];

const FIXTURE = 'test/fixtures/bunyan-hidden-fields-app.mjs';
/** Fields a record carries outside its attributes (time, severity, body, trace context), and bunyan's format version. */
const MAPPED = ['time', 'level', 'msg', 'v', 'trace_id', 'span_id', 'trace_flags'];
const SEVERITY = { 20: [5, 'debug'], 30: [9, 'info'], 40: [13, 'warn'], 50: [17, 'error'] };
const BODIES = ['served /order', 'stock low', 'payment failed', 'cache lookup', 'retrying'];

for (const { library, major, env, prepare } of VERSIONS) for (const protocol of ['http/protobuf', 'http/json']) {
  test(`${library}, over ${protocol}: no hidden value is exported and each record has the fields, severity and trace of its stdout line`, async () => {
    prepare?.();
    const receiver = await startReceiver();
    const app = await startApp(FIXTURE, { env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol } });
    try {
      assert.equal((await app.get('/version')).body.split('.')[0], major, 'the bunyan the app runs');
      assert.equal((await app.get('/order', { headers: { 'x-planted': 'PLANTED-header' } })).status, 200);
      const records = await receiver.waitFor((r) => {
        const found = r.logRecords().filter((record) => BODIES.includes(anyValue(record.body)));
        return found.length >= BODIES.length && found;
      }, { what: `the records ${BODIES.join(', ')}` });
      const span = await receiver.waitFor((r) => r.spans().find((s) => s.kind === 2 && attributesOf(s.attributes)['url.path'] === '/order'), { what: 'the server span' });

      assert.ok(!app.stdout.includes('PLANTED'), `the app hides every planted value on stdout:\n${app.stdout}`);
      assert.ok(!JSON.stringify(receiver.received.logs).includes('PLANTED'), 'no planted value was exported');

      assert.equal(records.length, BODIES.length, 'one record per line');
      const lines = app.jsonLines().filter((line) => BODIES.includes(line.msg));
      assert.equal(lines.length, BODIES.length, app.stdout);
      for (const line of lines) {
        const record = records.find((candidate) => anyValue(candidate.body) === line.msg);
        assert.ok(record, `a record for ${line.msg}`);
        const expected = Object.fromEntries(Object.entries(line).filter(([key]) => !MAPPED.includes(key)));
        assert.deepEqual(attributesOf(record.attributes), expected, line.msg);
        assert.deepEqual([record.severityNumber, record.severityText], SEVERITY[line.level], line.msg);
        assert.equal(Math.round(Number(record.timeUnixNano) / 1e6), Date.parse(line.time), `${line.msg}: the record's time is the line's`);

        // Inside a request the line carries the trace of the request's span, and so does the record.
        assert.equal(line.trace_id, span.traceId, `${line.msg}: the line's trace id is its request's`);
        assert.equal(line.span_id, span.spanId, `${line.msg}: the line's span id is its request's`);
        assert.equal(record.traceId, line.trace_id, line.msg);
        assert.equal(record.spanId, line.span_id, line.msg);
      }
      // What the serializers and toJSON made of the values, on both sides.
      const served = lines.find((line) => line.msg === 'served /order');
      assert.equal(served.card, '****9999');
      assert.equal(served.handle, '[opaque]');
      assert.equal(served.internalNote, undefined);
      assert.deepEqual(lines.find((line) => line.msg === 'payment failed').err, { type: 'Error', message: 'payment declined' });
      assert.deepEqual(lines.find((line) => line.msg === 'retrying').err, {});
      // Ours came on top of each logger's one stream.
      assert.deepEqual(JSON.parse((await app.get('/streams')).body), { shop: 2, jobs: 2 });
    } finally {
      await app.stop('SIGKILL');
      await receiver.close();
    }
  });
}

test('with OTEL_LOGS_EXPORTER=none, no stream is added and nothing is sent, while lines keep their trace ids', async () => {
  const receiver = await startReceiver();
  const app = await startApp(FIXTURE, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_LOGS_EXPORTER: 'none' } });
  try {
    assert.deepEqual(JSON.parse((await app.get('/streams')).body), { shop: 1, jobs: 1 });
    assert.equal((await app.get('/order')).status, 200);
    const span = await receiver.waitFor((r) => r.spans().find((s) => s.kind === 2 && attributesOf(s.attributes)['url.path'] === '/order'), { what: 'the server span' });
    // Spans of the same moment have been exported; records would have gone with them.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(receiver.requests.filter((request) => request.path === '/v1/logs'), []);
    assert.equal(app.jsonLines().find((line) => line.msg === 'served /order')?.trace_id, span.traceId);
  } finally {
    await app.stop('SIGKILL');
    await receiver.close();
  }
});
