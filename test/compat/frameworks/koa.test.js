// Koa 3 with @koa/router, as an ES module: the route is @koa/router's matched template.
import { frameworkCompatSuite } from '../support/framework-suite.js';

frameworkCompatSuite({
  caseId: 'koa',
  app: 'test/compat/apps/koa.mjs',
  matched: { path: '/users/7', route: '/users/:id' },
  failing: { path: '/orders/42', route: '/orders/:id' },
  unknown: '/nope/123',
  frameworkScopes: ['@opentelemetry/instrumentation-koa'],
});
