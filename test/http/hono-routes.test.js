// The route of a Hono router's answer, as src/http/hono-routes.ts reads it: handlers in
// registration order, each with the route it was registered with.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeOfMatch } from '../../dist/http/hono-routes.js';

const handler = () => {};
const answer = (...routes) => [routes.map(([method, path]) => [[handler, { method, path, basePath: '/' }], {}])];

test('the last handler registered for a method is the route, whatever middleware surrounds it', () => {
  assert.equal(routeOfMatch(answer(['ALL', '*'], ['GET', '/users/:id'])), '/users/:id');
  assert.equal(routeOfMatch(answer(['ALL', '/api/*'], ['GET', '/api/orders/:id'], ['ALL', '*'])), '/api/orders/:id');
});

test('a route for any method counts when it has no wildcard; middleware alone is no route', () => {
  assert.equal(routeOfMatch(answer(['ALL', '*'], ['ALL', '/health'])), '/health');
  assert.equal(routeOfMatch(answer(['ALL', '*'], ['ALL', '/api/*'])), undefined);
  assert.equal(routeOfMatch(answer(['GET', '*'])), undefined);
  assert.equal(routeOfMatch(answer()), undefined);
});

test('an answer of another shape is no route, never an error', () => {
  for (const odd of [undefined, null, 'x', [], [[]], [[[null, {}]]], [[[[handler, { path: 42 }], {}]]]]) {
    assert.equal(routeOfMatch(odd), undefined);
  }
});
