// restify 12, CommonJS, an error passed to next() answered with 500.
import { frameworkCompatSuite } from '../support/framework-suite.js';

frameworkCompatSuite({
  caseId: 'restify',
  app: 'test/compat/apps/restify.cjs',
  matched: { path: '/users/7', route: '/users/:id' },
  failing: { path: '/orders/42', route: '/orders/:id' },
  unknown: '/nope/123',
  frameworkScopes: ['@opentelemetry/instrumentation-restify'],
});
