// Names accepted by OTEL_NODE_ENABLED_INSTRUMENTATIONS / _DISABLED_, and the curated default.
// Kept apart from the loaders so configuration parsing does not import any instrumentation.

/** Everything the bootstrap can turn on. */
export const KNOWN_INSTRUMENTATIONS = Object.freeze([
  'http',
  'undici',
  'express',
  'fastify',
  'koa',
  'pg',
  'mysql',
  'mysql2',
  'ioredis',
  'redis',
  'mongodb',
  'mongoose',
  'knex',
  'graphql',
  'pino',
  'runtime-node',
  'fs',
  'dns',
  'net',
]);

/** On by default: what a small web service uses. fs, dns and net are noisy and stay off. */
export const DEFAULT_INSTRUMENTATIONS = Object.freeze(
  KNOWN_INSTRUMENTATIONS.filter((name) => name !== 'fs' && name !== 'dns' && name !== 'net'),
);
