// hapi 21, CommonJS, routes in hapi's own `{id}` syntax, and a SIGTERM handler that stops
// the server and exits 0.
import { frameworkCompatSuite } from '../support/framework-suite.js';

frameworkCompatSuite({
  caseId: 'hapi',
  app: 'test/compat/apps/hapi.cjs',
  matched: { path: '/users/7', route: '/users/{id}' },
  failing: { path: '/orders/42', route: '/orders/{id}' },
  unknown: '/nope/123',
  frameworkScopes: ['@opentelemetry/instrumentation-hapi'],
});
