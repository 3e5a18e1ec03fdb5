// Every instrumentation the bootstrap can turn on: the packages (modules) it patches, and how
// to create it. Creation is synchronous (the stock packages' CommonJS builds, and our ESM
// modules through require()) so that an instrumentation can be created at the moment the
// application first resolves one of its modules, before that module runs (see
// lazy-instrumentations.ts). `modules` is written out here, not read from the package, so
// that nothing needs loading to know it; test/sdk/instrumentation-catalog.test.js holds it
// equal to what each package declares.
import { createRequire } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Config } from '../config/types.js';
import type { PinoLineSink } from '../logs/pino-instrumentation.js';

const load = createRequire(import.meta.url);

/** What some instrumentations need from the running bootstrap beside the configuration. */
export interface InstrumentationDependencies {
  /** Where pino lines go for export; undefined when logs are not exported. */
  readonly pinoLines?: PinoLineSink | undefined;
}

export interface CatalogEntry {
  /** The packages it patches; empty for those that hook no module (created at start-up). */
  readonly modules: readonly string[];
  /**
   * Not created when its package is loaded by one of these (it is created when the
   * application itself loads it): Express 5 routes through the `router` package, and its
   * layers would get a second span each.
   */
  readonly notForPackagesOf?: readonly string[];
  /**
   * Files of an ES-module build its instrumentation patches inside the package: the ES-module
   * hook wraps only what its include list names, and a package name covers only its entry.
   */
  readonly esmFiles?: readonly RegExp[];
  readonly create: (config: Config, dependencies: InstrumentationDependencies) => Instrumentation[];
}

type InstrumentationClass = new (config?: Record<string, unknown>) => Instrumentation;
/** The one instrumentation class a stock package exports, created with `options`. */
const stock = (packageName: string, options: Record<string, unknown> = {}) => (): Instrumentation[] => {
  const exported = load(packageName) as Record<string, unknown>;
  const Class = Object.values(exported).find((value): value is InstrumentationClass => typeof value === 'function' && /Instrumentation$/.test(value.name));
  if (!Class) throw new Error(`${packageName} exports no instrumentation class`);
  return [new Class(options)];
};

/**
 * As `stock`, for instrumentations that patch a CommonJS package's exports themselves rather
 * than prototypes. An ES module's `import x from 'pkg'` gets module.exports as its default
 * export, but the ES-module hook hands the instrumentation the module namespace: mysql's
 * patch then wraps createPool on the namespace only (the default export's createPool, the one
 * apps call, stays unpatched), and lru-memoizer's wraps the namespace as if it were the
 * memoizer function, so the app's first call throws. Here the default export is patched as
 * the instrumentation expects, and is what the namespace's default becomes; an object's named
 * exports are patched as before.
 */
const stockPatchingDefaultExport = (packageName: string, options: Record<string, unknown> = {}) => (): Instrumentation[] => {
  const [instrumentation] = stock(packageName, options)();
  const definitions = (instrumentation as unknown as { _modules?: { patch?: (exports: any, version?: string) => unknown }[] })._modules ?? [];
  for (const definition of definitions) {
    const patch = definition.patch;
    if (typeof patch !== 'function') continue;
    definition.patch = (exports, version) => {
      const commonJsExports = exports?.[Symbol.toStringTag] === 'Module' ? exports.default : undefined;
      if (commonJsExports === undefined || commonJsExports === null) return patch(exports, version);
      const patchedDefault = patch(commonJsExports, version);
      if (typeof commonJsExports === 'object') patch(exports, version);
      return patchedDefault;
    };
  }
  return [instrumentation!];
};

/**
 * Redis statements. The stock serializer keeps every argument of the script commands (EVAL,
 * EVALSHA, FCALL and their read-only forms), and those are the script's values: BullMQ's job
 * data, for one. This keeps their script, key count and keys, counts the rest, and leaves every
 * other command to the stock serializer.
 */
const redisStatement = (() => {
  let stockSerializer: ((command: string, args: unknown[]) => string) | undefined;
  return (command: string, args: unknown[]): string => {
    if (/^(EVAL|EVALSHA|FCALL)(_RO)?$/i.test(command) && Array.isArray(args) && args.length >= 2) {
      const keyCount = Number(args[1]);
      const kept = args.slice(0, 2 + (Number.isInteger(keyCount) && keyCount > 0 ? keyCount : 0));
      const others = args.length - kept.length;
      return `${command} ${kept.join(' ')}${others > 0 ? ` [${others} other arguments]` : ''}`;
    }
    // The instrumentations' own dependency, found from one of them.
    stockSerializer ??= (createRequire(load.resolve('@opentelemetry/instrumentation-ioredis'))('@opentelemetry/redis-common') as { defaultDbStatementSerializer: (command: string, args: unknown[]) => string }).defaultDbStatementSerializer;
    return stockSerializer(command, args);
  };
})();

/** Route templates for Express and the router package, kept as requests are routed. */
const routerTemplates = (packageName: 'express' | 'router'): Instrumentation => {
  const { RouterTemplatesInstrumentation } = load('../http/router-templates.js') as typeof import('../http/router-templates.js');
  return new RouterTemplatesInstrumentation(packageName);
};

/** Only under a span that is recorded: spans of their own would otherwise start unsampled traces. */
const WITHIN_RECORDED_SPANS = { requireParentSpan: true };

export const CATALOG: Readonly<Record<string, CatalogEntry>> = {
  // Incoming requests are measured by src/http/server.ts (a leaner path than the stock
  // instrumentation); the stock one keeps only outgoing calls.
  http: { modules: [], create: stock('@opentelemetry/instrumentation-http', { disableIncomingRequestInstrumentation: true }) },
  // fetch and undici report through diagnostics channels: nothing to hook.
  undici: { modules: [], create: stock('@opentelemetry/instrumentation-undici') },
  'runtime-node': { modules: [], create: stock('@opentelemetry/instrumentation-runtime-node') },
  // Fastify publishes its own diagnostics channels; src/http/fastify-routes.ts reads them.
  fastify: { modules: [], create: () => [] },
  express: {
    modules: ['express'],
    create: () => {
      const [instrumentation] = stock('@opentelemetry/instrumentation-express', { ignoreLayersType: ['middleware', 'router'] })();
      // The stock instrumentation finds the layers as they are registered; what each layer is
      // wrapped with is ours: a span per route handler in recorded requests, nothing else.
      (load('./express-layers.js') as typeof import('./express-layers.js')).instrumentExpressLayers(instrumentation!);
      // The route template of each request, mount paths included (src/http/router-templates.ts).
      return [instrumentation!, routerTemplates('express')];
    },
  },
  koa: { modules: ['koa'], create: stock('@opentelemetry/instrumentation-koa') },
  // Hono has no stock instrumentation: src/http/hono-routes.ts gives its requests their route.
  hono: {
    modules: ['hono'],
    esmFiles: [/\/node_modules\/hono\/dist\/router\/[a-z-]+\/router\.js$/],
    create: () => [new (load('../http/hono-routes.js') as typeof import('../http/hono-routes.js')).HonoRoutesInstrumentation()],
  },
  hapi: { modules: ['@hapi/hapi'], create: stock('@opentelemetry/instrumentation-hapi') },
  restify: { modules: ['restify'], create: stock('@opentelemetry/instrumentation-restify') },
  connect: { modules: ['connect'], create: stock('@opentelemetry/instrumentation-connect') },
  'nestjs-core': { modules: ['@nestjs/core'], create: stock('@opentelemetry/instrumentation-nestjs-core') },
  router: {
    modules: ['router'],
    notForPackagesOf: ['express'],
    create: () => [...stock('@opentelemetry/instrumentation-router')(), routerTemplates('router')],
  },
  pg: { modules: ['pg', 'pg-pool'], create: stock('@opentelemetry/instrumentation-pg', WITHIN_RECORDED_SPANS) },
  mysql: { modules: ['mysql'], create: stockPatchingDefaultExport('@opentelemetry/instrumentation-mysql') },
  mysql2: { modules: ['mysql2'], create: stock('@opentelemetry/instrumentation-mysql2') },
  mongodb: { modules: ['mongodb'], create: stock('@opentelemetry/instrumentation-mongodb', WITHIN_RECORDED_SPANS) },
  mongoose: { modules: ['mongoose'], create: stock('@opentelemetry/instrumentation-mongoose', WITHIN_RECORDED_SPANS) },
  ioredis: { modules: ['ioredis'], create: stock('@opentelemetry/instrumentation-ioredis', { ...WITHIN_RECORDED_SPANS, dbStatementSerializer: redisStatement }) },
  redis: { modules: ['redis', '@redis/client', '@node-redis/client'], create: stock('@opentelemetry/instrumentation-redis', { ...WITHIN_RECORDED_SPANS, dbStatementSerializer: redisStatement }) },
  knex: { modules: ['knex'], create: stock('@opentelemetry/instrumentation-knex', WITHIN_RECORDED_SPANS) },
  tedious: { modules: ['tedious'], create: stock('@opentelemetry/instrumentation-tedious') },
  'cassandra-driver': { modules: ['cassandra-driver'], create: stock('@opentelemetry/instrumentation-cassandra-driver') },
  memcached: { modules: ['memcached'], create: stock('@opentelemetry/instrumentation-memcached') },
  kafkajs: { modules: ['kafkajs'], create: stock('@opentelemetry/instrumentation-kafkajs') },
  amqplib: { modules: ['amqplib'], create: stock('@opentelemetry/instrumentation-amqplib') },
  'aws-sdk': {
    modules: ['@aws-sdk/middleware-stack', '@smithy/middleware-stack', '@smithy/core', '@aws-sdk/smithy-client', '@smithy/smithy-client'],
    create: stock('@opentelemetry/instrumentation-aws-sdk'),
  },
  // gRPC servers answer raw HTTP/2 streams, which the lean server path leaves alone.
  grpc: { modules: ['@grpc/grpc-js'], create: stockPatchingDefaultExport('@opentelemetry/instrumentation-grpc') },
  'socket.io': { modules: ['socket.io'], create: stock('@opentelemetry/instrumentation-socket.io') },
  // graphql 14 to 16: the stock instrumentation; 17: its own tracing channels (graphql-channels.ts).
  graphql: {
    modules: ['graphql'],
    create: () => [
      ...stock('@opentelemetry/instrumentation-graphql', { ignoreTrivialResolveSpans: true })(),
      new (load('./graphql-channels.js') as typeof import('./graphql-channels.js')).GraphqlChannelsInstrumentation(),
    ],
  },
  dataloader: { modules: ['dataloader'], create: stock('@opentelemetry/instrumentation-dataloader', WITHIN_RECORDED_SPANS) },
  'generic-pool': { modules: ['generic-pool'], create: stock('@opentelemetry/instrumentation-generic-pool') },
  'lru-memoizer': { modules: ['lru-memoizer'], create: stockPatchingDefaultExport('@opentelemetry/instrumentation-lru-memoizer') },
  pino: {
    modules: ['pino'],
    create: (_config, { pinoLines }) => {
      const { PinoLogsInstrumentation } = load('../logs/pino-instrumentation.js') as typeof import('../logs/pino-instrumentation.js');
      return [new PinoLogsInstrumentation(pinoLines)];
    },
  },
  // Correlation: trace ids in the lines; records are exported as their transports and
  // streams receive them (after the logger's own formats and serializers).
  winston: {
    modules: ['winston'],
    create: (config) => {
      const { WinstonLogsInstrumentation } = load('../logs/winston-instrumentation.js') as typeof import('../logs/winston-instrumentation.js');
      return [new WinstonLogsInstrumentation(config.logs.exporter === 'otlp')];
    },
  },
  bunyan: {
    modules: ['bunyan'],
    create: (config) => {
      const { BunyanLogsInstrumentation } = load('../logs/bunyan-instrumentation.js') as typeof import('../logs/bunyan-instrumentation.js');
      return [new BunyanLogsInstrumentation(config.logs.exporter === 'otlp')];
    },
  },
  fs: { modules: ['fs', 'fs/promises'], create: stock('@opentelemetry/instrumentation-fs', WITHIN_RECORDED_SPANS) },
  dns: { modules: ['dns', 'dns/promises'], create: stock('@opentelemetry/instrumentation-dns') },
  net: { modules: ['net'], create: stock('@opentelemetry/instrumentation-net') },
};

/** The ES-module files inside packages that the named instrumentations patch (see CatalogEntry). */
export function instrumentedEsmFiles(names: readonly string[]): RegExp[] {
  return names.flatMap((name) => CATALOG[name]?.esmFiles ?? []);
}

/** The module names the instrumentations patch: exactly these get the ES-module hook. */
export function instrumentedModuleNames(instrumentations: readonly Instrumentation[]): string[] {
  const names = new Set<string>();
  for (const instrumentation of instrumentations) {
    const definitions = (instrumentation as { getModuleDefinitions?: () => { name: string }[] }).getModuleDefinitions?.() ?? [];
    for (const definition of definitions) names.add(definition.name);
  }
  return [...names];
}
