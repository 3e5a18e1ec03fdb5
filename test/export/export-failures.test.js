import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeExportFailure } from '../../dist/export/export-failures.js';

class HttpError extends Error {
  constructor(message, code, data) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

test('a refused connection is described by its system message', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), { code: 'ECONNREFUSED' });
  assert.equal(describeExportFailure(refused, 5000), 'connect ECONNREFUSED 127.0.0.1:4318');
  const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  assert.equal(describeExportFailure(reset, 5000), 'socket hang up (ECONNRESET)');
});

test('a deadline names the timeout and the variable that sets it', () => {
  for (const message of ['Timeout', 'Request timed out']) {
    assert.equal(describeExportFailure(new Error(message), 2500), 'no answer from the collector within 2500 ms (OBS_EXPORT_TIMEOUT_MS)');
  }
});

test('an HTTP refusal carries the status and the readable part of the collector\'s body', () => {
  const protobufStatus = `\u0008\u0003\u0012\u001dunknown field "foo" in scope\n`;
  assert.equal(
    describeExportFailure(new HttpError('Bad Request', 400, protobufStatus), 5000),
    'the collector answered HTTP 400 Bad Request: unknown field "foo" in scope',
  );
  assert.equal(describeExportFailure(new HttpError('Payload Too Large', 413, ''), 5000), 'the collector answered HTTP 413 Payload Too Large');
  const long = describeExportFailure(new HttpError('Bad Request', 400, 'x'.repeat(5000)), 5000);
  assert.ok(long.length < 300, `detail not shortened: ${long.length} characters`);
});

test('something that is not an Error is still described', () => {
  assert.equal(describeExportFailure(undefined, 5000), 'no reason given');
  assert.equal(describeExportFailure('gone', 5000), 'gone');
});
