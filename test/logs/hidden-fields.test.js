// What the application hides on its own output is never exported either: pino redaction,
// serializers, redacted child bindings and formatters all apply to the exported record,
// because the record is built from the line pino wrote. The same line on stdout and over
// OTLP carries the same fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compatCase } from '../compat/cases.js';
import { startApp } from '../support/app-process.js';
import { attributesOf, anyValue, startReceiver } from '../support/otlp-receiver.js';

/** This suite is the compatibility table's pino row (test/compat/cases.js). */
const { library } = compatCase('pino');

/** Fields a record carries outside its attributes: time, severity, body, trace context. */
const MAPPED = ['time', 'level', 'message', 'trace_id', 'span_id', 'trace_flags'];

for (const protocol of ['http/protobuf', 'http/json']) {
  test(`${library}, over ${protocol}: no hidden value is exported and each exported record has exactly the fields of its stdout line`, async () => {
    const receiver = await startReceiver();
    const app = await startApp('test/fixtures/hidden-fields-app.mjs', {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol },
    });
    try {
      for (const path of ['/one', '/two']) {
        const response = await app.get(path, { headers: { 'x-api-token': 'PLANTED-serializer' } });
        assert.equal(response.status, 200);
      }
      const records = await receiver.waitFor((r) => {
        const found = r.logRecords().filter((record) => /^served /.test(anyValue(record.body) ?? ''));
        return found.length === 2 && found;
      }, { what: 'the two served lines' });

      const lines = app.jsonLines().filter((line) => /^served /.test(line.message ?? ''));
      assert.equal(lines.length, 2);
      assert.ok(!app.stdout.includes('PLANTED'), 'the app hides every planted value on stdout');
      assert.ok(!JSON.stringify(receiver.received.logs).includes('PLANTED'), 'no planted value was exported');

      for (const line of lines) {
        const record = records.find((candidate) => anyValue(candidate.body) === line.message);
        assert.ok(record, `a record for ${line.message}`);
        const expected = Object.fromEntries(Object.entries(line).filter(([key]) => !MAPPED.includes(key)));
        assert.deepEqual(attributesOf(record.attributes), expected);
        assert.equal(record.severityText, line.level);
        assert.equal(record.traceId, line.trace_id);
      }
    } finally {
      await app.stop('SIGKILL');
      await receiver.close();
    }
  });
}
