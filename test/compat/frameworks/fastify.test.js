// Fastify 5 as an ES module. Fastify has no instrumentation here (its routes come from its
// diagnostics channels), so its traces must hold the SERVER span alone.
import { frameworkCompatSuite } from '../support/framework-suite.js';

frameworkCompatSuite({
  caseId: 'fastify',
  app: 'test/compat/apps/fastify.mjs',
  matched: { path: '/users/7', route: '/users/:id' },
  failing: { path: '/orders/42', route: '/orders/:id' },
  unknown: '/nope/123',
  frameworkScopes: [],
});
