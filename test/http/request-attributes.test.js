import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPathMatcher, errorTypeOf, normaliseMethod, pathOf, routeOf } from '../../dist/http/request-attributes.js';

test('methods outside the known set collapse to _OTHER', () => {
  assert.equal(normaliseMethod('GET'), 'GET');
  assert.equal(normaliseMethod('get'), 'GET');
  assert.equal(normaliseMethod('BREW'), '_OTHER');
  assert.equal(normaliseMethod(undefined), '_OTHER');
});

test('paths drop the query string', () => {
  assert.equal(pathOf('/a/b?token=secret'), '/a/b');
  assert.equal(pathOf(undefined), '/');
});

test('the Express fallback route joins the mount path and never uses the raw path', () => {
  assert.equal(routeOf({ route: { path: '/:id' }, baseUrl: '/users', url: '/users/7' }), '/users/:id');
  assert.equal(routeOf({ route: { path: '/' }, baseUrl: '/users' }), '/users');
  assert.equal(routeOf({ url: '/users/7' }), undefined);
});

test('error.type is the 5xx status, "aborted" when no response was started, or the exception type', () => {
  assert.equal(errorTypeOf(200, true, undefined), undefined);
  assert.equal(errorTypeOf(404, true, undefined), undefined);
  assert.equal(errorTypeOf(502, true, undefined), '502');
  assert.equal(errorTypeOf(200, false, undefined), 'aborted');
  assert.equal(errorTypeOf(500, false, undefined), 'aborted', 'nothing was sent, whatever status had been set');
  assert.equal(errorTypeOf(500, true, new RangeError('x')), 'RangeError');
});

test('untraced paths match exactly, or by prefix with *', () => {
  const matches = createPathMatcher(['/health', '/internal/*']);
  assert.equal(matches('/health'), true);
  assert.equal(matches('/health/x'), false);
  assert.equal(matches('/internal/stats'), true);
  assert.equal(matches('/users'), false);
});
