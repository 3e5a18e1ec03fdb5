// winston under the preload: every logger the app creates (its default logger too) exports
// what it passes its transports, after the logger's own format. What the app's formats remove,
// mask or drop never leaves the process; each exported record carries exactly the fields of
// its stdout line (JSON lines and printf text lines alike), the severity of its level (npm and
// syslog sets, colour codes stripped) and the trace context of the request that logged it,
// which the line carries too. With OTEL_LOGS_EXPORTER=none no logger gets a transport.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compatCase } from '../compat/cases.js';
import { startApp } from '../support/app-process.js';
import { anyValue, attributesOf, startReceiver } from '../support/otlp-receiver.js';

/** This suite is the compatibility table's winston row (test/compat/cases.js). */
const { library } = compatCase('winston');

const FIXTURE = 'test/fixtures/winston-hidden-fields-app.mjs';
/** Fields a record carries outside its attributes: time, severity, body, trace context. */
const MAPPED = ['level', 'message', 'timestamp', 'trace_id', 'span_id', 'trace_flags'];
/** npm (json and default loggers) and syslog (text logger) levels the fixture logs at. */
const SEVERITY = { info: 9, warn: 13, notice: 10, warning: 13 };
const BODIES = ['served json', 'stock low', 'served text', 'slow text', 'served default'];
const PATHS = { 'served json': '/json', 'stock low': '/json', 'served text': '/text', 'slow text': '/text', 'served default': '/default' };

const withoutColours = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The app's log lines as { path, fields }: JSON lines as they are, text lines split into level, message and their JSON fields. */
function linesOf(stdout) {
  const lines = [];
  for (const raw of stdout.split('\n')) {
    if (raw.startsWith('{')) {
      const fields = JSON.parse(raw);
      if (BODIES.includes(fields.message)) lines.push({ raw, fields });
      continue;
    }
    const match = /^(\S+) (.+?) (\{.*\})$/.exec(raw);
    if (!match) continue;
    const fields = { level: withoutColours(match[1]), message: withoutColours(match[2]), ...JSON.parse(match[3]) };
    if (BODIES.includes(fields.message)) lines.push({ raw, fields, coloured: match[1] !== fields.level });
  }
  return lines;
}

for (const protocol of ['http/protobuf', 'http/json']) {
  test(`${library}, over ${protocol}: no hidden value is exported and each record has the fields, severity and trace of its stdout line`, async () => {
    const receiver = await startReceiver();
    const app = await startApp(FIXTURE, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol } });
    try {
      for (const path of ['/json', '/text', '/default']) assert.equal((await app.get(path)).status, 200);
      const records = await receiver.waitFor((r) => {
        const found = r.logRecords().filter((record) => BODIES.includes(anyValue(record.body)));
        return found.length >= BODIES.length && found;
      }, { what: `the records ${BODIES.join(', ')}` });
      const spans = await receiver.waitFor((r) => {
        const found = Object.fromEntries(['/json', '/text', '/default'].map((path) => [path, r.spans().find((s) => s.kind === 2 && attributesOf(s.attributes)['url.path'] === path)]));
        return Object.values(found).every(Boolean) && found;
      }, { what: 'the three server spans' });

      assert.ok(!app.stdout.includes('PLANTED'), `the app hides every planted value on stdout:\n${app.stdout}`);
      assert.ok(!JSON.stringify(receiver.received.logs).includes('PLANTED'), 'no planted value was exported');
      assert.equal(records.length, BODIES.length, 'one record per line');

      const lines = linesOf(app.stdout);
      assert.deepEqual(lines.map((line) => line.fields.message).sort(), [...BODIES].sort(), app.stdout);
      assert.ok(lines.some((line) => line.coloured), 'the text logger colorized its levels');
      for (const { fields } of lines) {
        const record = records.find((candidate) => anyValue(candidate.body) === fields.message);
        assert.ok(record, `a record for ${fields.message}`);
        const expected = Object.fromEntries(Object.entries(fields).filter(([key]) => !MAPPED.includes(key)));
        assert.deepEqual(attributesOf(record.attributes), expected, fields.message);
        assert.equal(record.severityText, fields.level, fields.message);
        assert.equal(record.severityNumber, SEVERITY[fields.level], fields.message);
        if (fields.timestamp) assert.equal(Math.round(Number(record.timeUnixNano) / 1e6), Date.parse(fields.timestamp), `${fields.message}: the record's time is the line's`);

        // Inside a request the line carries the trace of the request's span, and so does the record.
        const span = spans[PATHS[fields.message]];
        assert.equal(fields.trace_id, span.traceId, `${fields.message}: the line's trace id is its request's`);
        assert.equal(fields.span_id, span.spanId, `${fields.message}: the line's span id is its request's`);
        assert.equal(record.traceId, fields.trace_id, fields.message);
        assert.equal(record.spanId, fields.span_id, fields.message);
      }
      // Ours came on top of the app's one transport, once per logger.
      assert.deepEqual(JSON.parse((await app.get('/transports')).body), { json: 2, text: 2, default: 2 });
    } finally {
      await app.stop('SIGKILL');
      await receiver.close();
    }
  });
}

test('with OTEL_LOGS_EXPORTER=none, no logger gets a transport and nothing is sent, while lines keep their trace ids', async () => {
  const receiver = await startReceiver();
  const app = await startApp(FIXTURE, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_LOGS_EXPORTER: 'none' } });
  try {
    assert.deepEqual(JSON.parse((await app.get('/transports')).body), { json: 1, text: 1, default: 1 });
    assert.equal((await app.get('/json')).status, 200);
    const span = await receiver.waitFor((r) => r.spans().find((s) => s.kind === 2 && attributesOf(s.attributes)['url.path'] === '/json'), { what: 'the server span' });
    // Spans of the same moment have been exported; records would have gone with them.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(receiver.requests.filter((request) => request.path === '/v1/logs'), []);
    const line = linesOf(app.stdout).find(({ fields }) => fields.message === 'served json');
    assert.equal(line?.fields.trace_id, span.traceId);
  } finally {
    await app.stop('SIGKILL');
    await receiver.close();
  }
});
