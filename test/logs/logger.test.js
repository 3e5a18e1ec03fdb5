// createLogger: pino with service defaults, secrets redacted, bad options rejected clearly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../dist/index.js';

const capture = () => {
  const lines = [];
  return { lines, stream: { write: (line) => lines.push(JSON.parse(line)) } };
};

test('writes JSON with the level as a word and an ISO timestamp, and redacts secrets', () => {
  const { lines, stream } = capture();
  const logger = createLogger({ redactPaths: ['card.number'] }, stream);
  logger.info({ password: 'hunter2', user: { token: 'abc', name: 'ann' }, card: { number: '4111111111111111' }, headers: { authorization: 'Bearer x' } }, 'signed in');
  const [line] = lines;
  assert.equal(line.level, 'info');
  assert.match(line.time, /^\d{4}-\d\d-\d\dT/);
  assert.equal(line.msg, 'signed in');
  assert.equal(line.password, '[REDACTED]');
  assert.deepEqual(line.user, { token: '[REDACTED]', name: 'ann' });
  assert.equal(line.card.number, '[REDACTED]');
  assert.equal(line.headers.authorization, '[REDACTED]');
});

test('rejects options of the wrong type with a message naming what was expected', () => {
  assert.throws(() => createLogger('info'), /createLogger options must be an object, got string/);
  assert.throws(() => createLogger({ redactPaths: 'password' }), /redactPaths must be an array of strings/);
});
