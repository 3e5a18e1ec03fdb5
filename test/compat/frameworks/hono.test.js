// Hono on @hono/node-server, as an ES module: the route is the one Hono's router matched,
// a mounted sub-app's prefix included; middleware registered for every path is never a route.
import { frameworkCompatSuite } from '../support/framework-suite.js';

frameworkCompatSuite({
  caseId: 'hono',
  app: 'test/compat/apps/hono.mjs',
  matched: { path: '/users/7', route: '/users/:id' },
  failing: { path: '/orders/42', route: '/orders/:id' },
  unknown: '/nope/123',
  frameworkScopes: [],
});
