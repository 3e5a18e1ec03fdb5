// NestJS on Fastify, as an ES module: the route comes from Fastify, Nest's spans sit under the
// SERVER span.
import { frameworkCompatSuite } from '../support/framework-suite.js';

frameworkCompatSuite({
  caseId: 'nestjs-fastify',
  app: 'test/compat/apps/nest-fastify.mjs',
  matched: { path: '/users/7', route: '/users/:id' },
  failing: { path: '/orders/42', route: '/orders/:id' },
  unknown: '/nope/123',
  frameworkScopes: ['@opentelemetry/instrumentation-nestjs-core'],
});
