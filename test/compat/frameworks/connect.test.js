// connect 3, CommonJS. connect routes by path prefix and has no parameters: the template of
// /users/7 is the prefix its middleware is mounted on, /users.
import { frameworkCompatSuite } from '../support/framework-suite.js';

frameworkCompatSuite({
  caseId: 'connect',
  app: 'test/compat/apps/connect.cjs',
  matched: { path: '/users/7', route: '/users' },
  failing: { path: '/orders/42', route: '/orders' },
  unknown: '/nope/123',
  frameworkScopes: ['@opentelemetry/instrumentation-connect'],
});
