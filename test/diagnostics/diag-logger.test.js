import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimitedDiagLogger } from '../../dist/diagnostics/diag-logger.js';

test('a repeated message is printed once a minute with the count of what was held back', () => {
  const lines = [];
  let now = 0;
  const logger = new RateLimitedDiagLogger((line) => lines.push(line), () => now);
  for (let index = 0; index < 50; index++) logger.error('export failed', new Error('ECONNREFUSED'));
  assert.deepEqual(lines, ['[otel error] export failed ECONNREFUSED']);
  now = 61_000;
  logger.error('export failed', new Error('ECONNREFUSED'));
  assert.equal(lines.length, 2);
  assert.match(lines[1], /repeated 49 times/);
  logger.warn('another message');
  assert.equal(lines.length, 3);
});

test('an exception the SDK serialised as JSON is printed as one line: name, message, code', () => {
  const lines = [];
  const logger = new RateLimitedDiagLogger((line) => lines.push(line), () => 0);
  const flattened = JSON.stringify({ stack: 'Error: connect ECONNREFUSED 127.0.0.1:4318\n    at TCPConnectWrap.afterConnect', message: 'connect ECONNREFUSED 127.0.0.1:4318', code: 'ECONNREFUSED', name: 'Error' });
  logger.error(flattened);
  logger.error(JSON.stringify({ stack: 'TypeError: x is not a function\n    at f', message: 'x is not a function', name: 'TypeError' }));
  logger.error('{"not": "an exception"}');
  assert.deepEqual(lines, [
    '[otel error] connect ECONNREFUSED 127.0.0.1:4318',
    '[otel error] TypeError: x is not a function',
    '[otel error] {"not": "an exception"}',
  ]);
});

test('messages that differ only in trace and span ids are one message', () => {
  const lines = [];
  const logger = new RateLimitedDiagLogger((line) => lines.push(line), () => 0);
  for (const [traceId, spanId] of [['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'], ['1bf7651916cd43dd8448eb211c80319d', 'c8ad6b7169203332']]) {
    logger.warn(`Cannot execute the operation on ended Span {traceId: ${traceId}, spanId: ${spanId}}`);
  }
  assert.equal(lines.length, 1);
  assert.match(lines[0], /traceId: 0af7651916cd43dd8448eb211c80319c/, 'the line printed keeps its ids');
});
