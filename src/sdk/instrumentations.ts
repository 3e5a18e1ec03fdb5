// Loads only the instrumentations the configuration enables. Each package is imported
// lazily: a module that is not instrumented is neither loaded nor hooked (every loaded
// instrumentation costs start-up time and memory).
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Config } from '../config/types.js';
import type { PinoLineSink } from '../logs/pino-instrumentation.js';

/** What some instrumentations need from the running bootstrap beside the configuration. */
export interface InstrumentationDependencies {
  /** Where pino lines go for export; undefined when logs are not exported. */
  readonly pinoLines?: PinoLineSink | undefined;
}

type Loader = (config: Config, dependencies: InstrumentationDependencies) => Promise<Instrumentation[]>;

/** Queries and commands may carry user data; instrumentations that can, keep only the shape. */
const LOADERS: Readonly<Record<string, Loader>> = {
  // Incoming requests are measured by src/http/server.ts (a leaner path than the stock
  // instrumentation); the stock one keeps only outgoing calls, which are comparatively rare.
  http: async () => {
    const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
    return [new HttpInstrumentation({ disableIncomingRequestInstrumentation: true })];
  },
  undici: async () => {
    const { UndiciInstrumentation } = await import('@opentelemetry/instrumentation-undici');
    return [new UndiciInstrumentation()];
  },
  express: async () => {
    const [{ ExpressInstrumentation }, { instrumentExpressLayers }] = await Promise.all([
      import('@opentelemetry/instrumentation-express'),
      import('./express-layers.js'),
    ]);
    // The stock instrumentation finds the layers as they are registered; what each layer is
    // wrapped with is ours (express-layers.ts): a span per route handler in recorded
    // requests, no work in dropped ones, none for middleware or router layers.
    const instrumentation = new ExpressInstrumentation({ ignoreLayersType: ['middleware' as never, 'router' as never] });
    instrumentExpressLayers(instrumentation);
    return [instrumentation];
  },
  // Fastify publishes its own diagnostics channels; src/http/fastify-routes.ts reads them.
  fastify: async () => [],
  koa: async () => {
    const { KoaInstrumentation } = await import('@opentelemetry/instrumentation-koa');
    return [new KoaInstrumentation()];
  },
  pg: async () => {
    const { PgInstrumentation } = await import('@opentelemetry/instrumentation-pg');
    return [new PgInstrumentation({ requireParentSpan: true })];
  },
  mysql: async () => {
    const { MySQLInstrumentation } = await import('@opentelemetry/instrumentation-mysql');
    return [new MySQLInstrumentation()];
  },
  mysql2: async () => {
    const { MySQL2Instrumentation } = await import('@opentelemetry/instrumentation-mysql2');
    return [new MySQL2Instrumentation()];
  },
  ioredis: async () => {
    const { IORedisInstrumentation } = await import('@opentelemetry/instrumentation-ioredis');
    return [new IORedisInstrumentation({ requireParentSpan: true })];
  },
  redis: async () => {
    const { RedisInstrumentation } = await import('@opentelemetry/instrumentation-redis');
    return [new RedisInstrumentation({ requireParentSpan: true })];
  },
  mongodb: async () => {
    const { MongoDBInstrumentation } = await import('@opentelemetry/instrumentation-mongodb');
    return [new MongoDBInstrumentation({ requireParentSpan: true })];
  },
  mongoose: async () => {
    const { MongooseInstrumentation } = await import('@opentelemetry/instrumentation-mongoose');
    return [new MongooseInstrumentation({ requireParentSpan: true })];
  },
  knex: async () => {
    const { KnexInstrumentation } = await import('@opentelemetry/instrumentation-knex');
    return [new KnexInstrumentation({ requireParentSpan: true })];
  },
  graphql: async () => {
    const { GraphQLInstrumentation } = await import('@opentelemetry/instrumentation-graphql');
    return [new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true })];
  },
  pino: async (_config, { pinoLines }) => {
    const { PinoLogsInstrumentation } = await import('../logs/pino-instrumentation.js');
    return [new PinoLogsInstrumentation(pinoLines)];
  },
  'runtime-node': async () => {
    const { RuntimeNodeInstrumentation } = await import('@opentelemetry/instrumentation-runtime-node');
    return [new RuntimeNodeInstrumentation()];
  },
  fs: async () => {
    const { FsInstrumentation } = await import('@opentelemetry/instrumentation-fs');
    return [new FsInstrumentation({ requireParentSpan: true })];
  },
  dns: async () => {
    const { DnsInstrumentation } = await import('@opentelemetry/instrumentation-dns');
    return [new DnsInstrumentation()];
  },
  net: async () => {
    const { NetInstrumentation } = await import('@opentelemetry/instrumentation-net');
    return [new NetInstrumentation()];
  },
};

/**
 * Creates the enabled instrumentations, disabled until the SDK registers them. One that
 * fails to load is skipped with a warning: a missing optional package must not stop the rest.
 */
export async function loadInstrumentations(
  config: Config,
  warn: (message: string) => void,
  dependencies: InstrumentationDependencies = {},
): Promise<Instrumentation[]> {
  const loaded = await Promise.all(
    config.instrumentations.map(async (name) => {
      const loader = LOADERS[name];
      if (!loader) return [];
      try {
        return await loader(config, dependencies);
      } catch (error) {
        warn(`instrumentation "${name}" could not be loaded and is skipped: ${(error as Error).message}`);
        return [];
      }
    }),
  );
  return loaded.flat();
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
