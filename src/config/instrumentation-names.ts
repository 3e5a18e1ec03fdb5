// Names accepted by OTEL_NODE_ENABLED_INSTRUMENTATIONS / _DISABLED_, and the curated default.
// Kept apart from the loaders so configuration parsing does not import any instrumentation.

/** Everything the bootstrap can turn on (src/sdk/instrumentation-catalog.ts has one entry each). */
export const KNOWN_INSTRUMENTATIONS = Object.freeze([
  // HTTP in and out, and the runtime
  'http', 'undici', 'runtime-node',
  // web frameworks
  'express', 'fastify', 'koa', 'hono', 'hapi', 'restify', 'connect', 'nestjs-core', 'router',
  // databases and caches
  'pg', 'mysql', 'mysql2', 'mongodb', 'mongoose', 'ioredis', 'redis', 'knex', 'tedious', 'cassandra-driver', 'memcached',
  // messaging, jobs and RPC
  'kafkajs', 'amqplib', 'aws-sdk', 'socket.io', 'grpc',
  // GraphQL and helpers
  'graphql', 'dataloader', 'generic-pool', 'lru-memoizer',
  // loggers
  'pino', 'winston', 'bunyan',
  // Node built-ins, off by default
  'fs', 'dns', 'net',
]);

/**
 * On by default: everything but fs, dns and net, which record every file access, lookup and
 * socket (noise a small team does not read) and cost on every call. The others are created
 * only when the application loads their package, so being on costs nothing until then.
 */
export const DEFAULT_INSTRUMENTATIONS = Object.freeze(
  KNOWN_INSTRUMENTATIONS.filter((name) => name !== 'fs' && name !== 'dns' && name !== 'net'),
);
