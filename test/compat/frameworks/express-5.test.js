// Express 5 as an ES module: a route on the app, and a Router mounted on /orders whose async
// handler rejects, answered by an app-level error handler (outside the router).
import { frameworkCompatSuite } from '../support/framework-suite.js';

frameworkCompatSuite({
  caseId: 'express-5',
  app: 'test/compat/apps/express-5.mjs',
  matched: { path: '/users/7', route: '/users/:id' },
  failing: { path: '/orders/42', route: '/orders/:id' },
  unknown: '/nope/123',
  frameworkScopes: ['@opentelemetry/instrumentation-express'],
});
