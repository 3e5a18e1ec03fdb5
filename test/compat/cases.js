// The compatibility suite's cases: each library, the installed packages it runs on (folders
// under node_modules; `a>b` is package b as package a resolves it), what its test proves
// (traces, metrics, logs; or only that the instrumentation loads with the package, where no
// server can run here) and what it runs against. scripts/compat-table.js prints README's table
// from this list, with the versions read from node_modules; every test file takes its case from
// here by id, and test/compat/table.test.js holds each case to a test file that does (the
// loggers' suites are in test/logs/).

const ALL = ['traces', 'metrics', 'logs'];
/** Only that the instrumentation loads (and patches) with its package: no server runs here. */
export const LOADS_ONLY = 'loads only';
const BARE_AND_PRELOADED = 'its app run bare and under the preload';
const POSTGRES = 'PostgreSQL 15 (Debian), started by the test';
const MARIADB = 'MariaDB (Debian), started by the test';
const REDIS = 'Redis (Debian), started by the test';
const RABBITMQ = 'RabbitMQ (Debian), started by the test; a consumer in the app';
const AWS_STUB = 'a local HTTP stub answering as the service';

export const COMPAT_CASES = Object.freeze([
  // Web frameworks: test/compat/frameworks/, one file each (support/framework-suite.js).
  { id: 'express-4', library: 'Express 4', packages: ['express-4'], proves: ALL, against: `CommonJS, routers on prefixes (one with a parameter), app-level error handler; ${BARE_AND_PRELOADED}`, test: 'frameworks/express-4.test.js' },
  { id: 'express-5', library: 'Express 5', packages: ['express'], proves: ALL, against: `ES module, mounted router, app-level error handler; ${BARE_AND_PRELOADED}`, test: 'frameworks/express-5.test.js' },
  { id: 'fastify', library: 'Fastify', packages: ['fastify'], proves: ALL, against: `ES module; ${BARE_AND_PRELOADED}`, test: 'frameworks/fastify.test.js' },
  { id: 'koa', library: 'Koa + @koa/router', packages: ['koa', '@koa/router'], proves: ALL, against: `ES module; ${BARE_AND_PRELOADED}`, test: 'frameworks/koa.test.js' },
  { id: 'hono', library: 'Hono on @hono/node-server', packages: ['hono', '@hono/node-server'], proves: ALL, against: `ES module, a middleware on every path, a sub-app mounted on a prefix; ${BARE_AND_PRELOADED}`, test: 'frameworks/hono.test.js' },
  { id: 'hapi', library: 'hapi', packages: ['@hapi/hapi'], proves: ALL, against: `CommonJS, stops itself on SIGTERM; ${BARE_AND_PRELOADED}`, test: 'frameworks/hapi.test.js' },
  { id: 'restify', library: 'restify', packages: ['restify'], proves: ALL, against: `CommonJS; ${BARE_AND_PRELOADED}`, test: 'frameworks/restify.test.js' },
  { id: 'connect', library: 'connect', packages: ['connect'], proves: ALL, against: `CommonJS, path prefixes as routes; ${BARE_AND_PRELOADED}`, test: 'frameworks/connect.test.js' },
  { id: 'nestjs-express', library: 'NestJS on Express', packages: ['@nestjs/core', '@nestjs/platform-express', '@nestjs/platform-express>express'], proves: ALL, against: `CommonJS, shutdown hooks; ${BARE_AND_PRELOADED}`, test: 'frameworks/nestjs-express.test.js' },
  { id: 'nestjs-fastify', library: 'NestJS on Fastify', packages: ['@nestjs/core', '@nestjs/platform-fastify', '@nestjs/platform-fastify>fastify'], proves: ALL, against: `ES module; ${BARE_AND_PRELOADED}`, test: 'frameworks/nestjs-fastify.test.js' },
  { id: 'next', library: 'Next.js', packages: ['next'], proves: ALL, against: `App Router route handlers in a custom server, built by the test; ${BARE_AND_PRELOADED}`, test: 'frameworks/next.test.js' },
  { id: 'router', library: 'router on node:http', packages: ['router'], proves: ALL, against: `CommonJS, router on a prefix with a parameter, finalhandler; ${BARE_AND_PRELOADED}`, test: 'frameworks/router.test.js' },

  // Databases and caches: real servers from Debian's packages, started by the tests.
  { id: 'pg', library: 'pg', packages: ['pg'], proves: ['traces', 'metrics'], against: POSTGRES, test: 'data/postgres.test.js' },
  { id: 'pg-pool', library: 'pg-pool', packages: ['pg-pool'], proves: ['traces', 'metrics'], against: `${POSTGRES}; connection metrics`, test: 'data/postgres.test.js' },
  { id: 'knex', library: 'knex', packages: ['knex'], proves: ['traces'], against: `${POSTGRES}, through pg`, test: 'data/postgres.test.js' },
  { id: 'mysql', library: 'mysql', packages: ['mysql'], proves: ['traces', 'metrics'], against: MARIADB, test: 'data/mariadb.test.js' },
  { id: 'mysql2', library: 'mysql2', packages: ['mysql2'], proves: ['traces'], against: MARIADB, test: 'data/mariadb.test.js' },
  { id: 'ioredis', library: 'ioredis', packages: ['ioredis'], proves: ['traces'], against: REDIS, test: 'data/redis.test.js' },
  { id: 'redis', library: 'redis (node-redis)', packages: ['redis', 'redis>@redis/client'], proves: ['traces'], against: REDIS, test: 'data/redis.test.js' },
  { id: 'bullmq', library: 'BullMQ', packages: ['bullmq'], proves: ['traces'], against: `${REDIS}, through ioredis`, test: 'data/redis.test.js' },
  { id: 'amqplib', library: 'amqplib', packages: ['amqplib'], proves: ['traces', 'logs'], against: RABBITMQ, test: 'data/amqplib.test.js' },
  { id: 'memcached', library: 'memcached', packages: ['memcached'], proves: ['traces'], against: 'memcached (Debian), started by the test', test: 'data/memcached.test.js' },

  // In the app's own process: no server needed.
  { id: 'socket.io', library: 'socket.io', packages: ['socket.io', 'socket.io-client'], proves: ['traces'], against: 'server and client in the app', test: 'data/socket-io.test.js' },
  { id: 'grpc', library: 'gRPC (grpc-js)', packages: ['@grpc/grpc-js', '@grpc/proto-loader'], proves: ['traces', 'logs'], against: 'server and client in the app, behind a node:http front', test: 'data/grpc.test.js' },
  { id: 'graphql', library: 'graphql', packages: ['graphql'], proves: ['traces'], against: 'a schema executed in the app', test: 'data/graphql.test.js' },
  { id: 'graphql-17', library: 'graphql 17', packages: ['graphql-17'], proves: ['traces'], against: 'its tracing channels; resolvers of the app\'s own, one that throws; documents parsed at start-up', test: 'data/graphql-17.test.js' },
  { id: 'dataloader', library: 'dataloader', packages: ['dataloader'], proves: ['traces'], against: 'batched loads in graphql resolvers', test: 'data/graphql.test.js' },
  { id: 'generic-pool', library: 'generic-pool', packages: ['generic-pool'], proves: ['traces'], against: 'a pool in the app', test: 'data/helpers.test.js' },
  { id: 'lru-memoizer', library: 'lru-memoizer', packages: ['lru-memoizer'], proves: ['logs'], against: 'concurrent callers of one memoized load, each callback in its own trace', test: 'data/helpers.test.js' },
  { id: 'aws-sdk-sqs', library: 'AWS SDK v3 SQS', packages: ['@aws-sdk/client-sqs'], proves: ['traces'], against: AWS_STUB, test: 'data/aws-sdk.test.js' },
  { id: 'aws-sdk-sns', library: 'AWS SDK v3 SNS', packages: ['@aws-sdk/client-sns'], proves: ['traces'], against: AWS_STUB, test: 'data/aws-sdk.test.js' },
  { id: 'aws-sdk-s3', library: 'AWS SDK v3 S3', packages: ['@aws-sdk/client-s3'], proves: ['traces'], against: AWS_STUB, test: 'data/aws-sdk.test.js' },
  { id: 'aws-sdk-dynamodb', library: 'AWS SDK v3 DynamoDB', packages: ['@aws-sdk/client-dynamodb'], proves: ['traces'], against: AWS_STUB, test: 'data/aws-sdk.test.js' },

  // Loggers: apps whose formats, serializers and redaction hide planted values (test/logs/).
  { id: 'pino', library: 'pino', packages: ['pino'], proves: ['logs'], against: 'redact paths, serializers, child bindings and formatters hiding planted values; OTLP protobuf and JSON', test: '../logs/hidden-fields.test.js' },
  { id: 'winston', library: 'winston', packages: ['winston'], proves: ['logs'], against: 'JSON, printf with colours and the default logger; formats that remove, mask and drop; OTLP protobuf and JSON', test: '../logs/winston-export.test.js' },
  { id: 'bunyan', library: 'bunyan', packages: ['bunyan'], proves: ['logs'], against: 'serializers that drop, mask and reduce, child loggers; OTLP protobuf and JSON', test: '../logs/bunyan-export.test.js' },
  { id: 'bunyan-2', library: 'bunyan 2', packages: ['bunyan-2'], proves: ['logs'], against: 'the same app, requiring it as CommonJS; OTLP protobuf and JSON', test: '../logs/bunyan-export.test.js' },

  // No server can run here (not in Debian): the instrumentation loads with the package, and
  // patches it, and not otherwise.
  { id: 'mongodb', library: 'mongodb', packages: ['mongodb'], proves: LOADS_ONLY, against: 'no MongoDB server in Debian', test: 'data/loads-only.test.js' },
  { id: 'mongoose', library: 'mongoose', packages: ['mongoose'], proves: LOADS_ONLY, against: 'no MongoDB server in Debian', test: 'data/loads-only.test.js' },
  { id: 'kafkajs', library: 'kafkajs', packages: ['kafkajs'], proves: LOADS_ONLY, against: 'no Kafka broker in Debian', test: 'data/loads-only.test.js' },

  { id: 'tedious', library: 'tedious', packages: ['tedious'], proves: LOADS_ONLY, against: 'no SQL Server in Debian', test: 'data/loads-only.test.js' },
  { id: 'cassandra-driver', library: 'cassandra-driver', packages: ['cassandra-driver'], proves: LOADS_ONLY, against: 'no Cassandra in Debian', test: 'data/loads-only.test.js' },
]);

/** The declaration with that id; a test that names an unknown case fails at once. */
export function compatCase(id) {
  const found = COMPAT_CASES.find((each) => each.id === id);
  if (!found) throw new Error(`no compatibility case "${id}" in test/compat/cases.js`);
  return found;
}
