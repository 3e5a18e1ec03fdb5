// The router package on a plain node:http server: a route on the top router, a router mounted
// on a prefix with a parameter whose handler fails, finalhandler for 404s and errors.
import { frameworkCompatSuite } from '../support/framework-suite.js';

frameworkCompatSuite({
  caseId: 'router',
  app: 'test/compat/apps/router.cjs',
  matched: { path: '/users/7', route: '/users/:id' },
  failing: { path: '/users/7/orders/42', route: '/users/:userId/orders/:id' },
  unknown: '/nope/123',
  frameworkScopes: ['@opentelemetry/instrumentation-router'],
});
