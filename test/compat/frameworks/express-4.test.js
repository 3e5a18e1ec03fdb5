// Express 4, CommonJS, with its routes on Routers mounted under prefixes, one of them with a
// parameter, and an app-level error handler: the route is the mount templates and the route's
// path together, never the matched prefix.
import { installAliasedForApp } from '../support/aliased-install.js';
import { frameworkCompatSuite } from '../support/framework-suite.js';

frameworkCompatSuite({
  caseId: 'express-4',
  app: 'test/compat/apps/express-4/app.cjs',
  prepare: () => installAliasedForApp('express-4', 'express', 'express-4'),
  matched: { path: '/users/7', route: '/users/:id' },
  failing: { path: '/users/7/orders/42', route: '/users/:userId/orders/:id' },
  unknown: '/nope/123',
  frameworkScopes: ['@opentelemetry/instrumentation-express'],
});
