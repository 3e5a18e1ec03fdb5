// NestJS on Express, CommonJS, with shutdown hooks (Nest owns SIGTERM and re-raises it).
// Express's route-handler span is a child of the SERVER span, and Nest's spans sit under it.
import { frameworkCompatSuite } from '../support/framework-suite.js';

frameworkCompatSuite({
  caseId: 'nestjs-express',
  app: 'test/compat/apps/nest-express.cjs',
  matched: { path: '/users/7', route: '/users/:id' },
  failing: { path: '/orders/42', route: '/orders/:id' },
  unknown: '/nope/123',
  frameworkScopes: ['@opentelemetry/instrumentation-express', '@opentelemetry/instrumentation-nestjs-core'],
});
