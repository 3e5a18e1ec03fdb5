// The scrubber on its own: each kind of secret in a value, sensitive keys, Luhn-checked card
// numbers, nested structures, and values left alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScrubber } from '../../dist/index.js';
import { keyWords, luhnValid } from '../../dist/scrub/patterns.js';

const scrubber = createScrubber(['customerReference']);
const MASK = '[REDACTED]';

test('masks each kind of secret inside a string', () => {
  const cases = [
    ['contact bob.smith+shop@example.co.uk now', 'bob.smith+shop@example.co.uk'],
    ['paid with 4242 4242 4242 4242 today', '4242 4242 4242 4242'],
    ['card 5555-5555-5555-4444', '5555-5555-5555-4444'],
    ['Authorization: Bearer abc.def-ghi_jkl', 'abc.def-ghi_jkl'],
    ['basic header Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA=='],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl'],
    ['stripe sk_live_51HxyzABCDEFGHIJKLMN key', 'sk_live_51HxyzABCDEFGHIJKLMN'],
    ['aws AKIAIOSFODNN7EXAMPLE id', 'AKIAIOSFODNN7EXAMPLE'],
    ['https://api.example.test/v1?api_key=s3cr3tvalue&page=2', 's3cr3tvalue'],
    ['login failed: password=hunter2!', 'hunter2!'],
    ['{"token":"tok_123456"}', 'tok_123456'],
    ['postgres://shop:supersecret@db:5432/shop', 'supersecret'],
  ];
  for (const [input, secret] of cases) {
    const output = scrubber.scrubString(input);
    assert.ok(!output.includes(secret), `${input} -> ${output}`);
    assert.ok(output.includes(MASK), `${input} -> ${output}`);
  }
});

test('leaves ordinary values alone: routes, Luhn-invalid numbers, counts of AI tokens', () => {
  for (const value of ['/api/items/:id', 'order 1234567890123456 shipped', 'tokens_used: 532', 'GET /health 200', 'http://demo-app:3000/health', '2026-11-22T14:00:00Z']) {
    assert.equal(scrubber.scrubString(value), value);
  }
  assert.equal(luhnValid('4242424242424242'), true);
  assert.equal(luhnValid('1234567890123456'), false);
});

test('masks whole values under sensitive keys, word by word', () => {
  assert.deepEqual(keyWords('x-api-key'), ['x', 'api', 'key', 'xapi', 'apikey']);
  for (const key of ['password', 'user.password', 'http.request.header.authorization', 'apiKey', 'x-api-key', 'set-cookie', 'session_id', 'client_secret', 'refreshToken', 'cardNumber', 'customer_reference']) {
    assert.equal(scrubber.isSensitiveKey(key), true, key);
  }
  for (const key of ['http.route', 'tokens_used', 'author', 'db.operation.name', 'passage']) {
    assert.equal(scrubber.isSensitiveKey(key), false, key);
  }
});

test('scrubs nested attributes and arrays, and returns the same object when nothing changed', () => {
  const clean = { 'http.route': '/api/items/:id', count: 3 };
  assert.equal(scrubber.scrubAttributes(clean), clean);
  const dirty = { user: { email: 'ann@example.test', password: 'pw', plan: 'pro' }, tags: ['ok', 'call 4111111111111111'], token: '' };
  const scrubbed = scrubber.scrubAttributes(dirty);
  assert.deepEqual(scrubbed, { user: { email: MASK, password: MASK, plan: 'pro' }, tags: ['ok', `call ${MASK}`], token: '' });
  assert.equal(dirty.user.email, 'ann@example.test', 'the input is not mutated');
});
