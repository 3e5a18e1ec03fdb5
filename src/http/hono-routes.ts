// Route templates for Hono (v4) apps, for the request's SERVER span and duration histogram.
// Hono has no diagnostics channel and no instrumentation in the stock catalog, and the route
// it matched lives only in its router's answer: every handler the request will run, each with
// the route it was registered with ({ path, method }). So the routers' `match` is observed,
// not changed: its answer passes through untouched, and the route of the last handler
// registered for a method (a `use()` middleware is registered for 'ALL') becomes the route.
//
// The default SmartRouter, like RegExpRouter in older versions, replaces its own `match` on
// the instance after the first call (with the router it settled on); that assignment is
// caught too, so every later call is observed as well.
import { createRequire } from 'node:module';
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

const { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } = createRequire(import.meta.url)('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');

type Match = (this: unknown, method: string, path: string) => unknown;
interface RouterPrototype { match?: unknown }

const ROUTERS = ['smart-router', 'reg-exp-router', 'trie-router', 'pattern-router', 'linear-router'];
const VERSIONS = ['>=4.0.0 <5'];
const kObserved = Symbol('obs.hono.observed');
/** What Hono registers `use()` middleware under; a route registered for it counts only without a wildcard. */
const ANY_METHOD = 'ALL';

export class HonoRoutesInstrumentation extends InstrumentationBase {
  constructor() {
    super('node-otel-stack/hono-routes', '1.0.0', {});
  }

  protected init() {
    const files = ROUTERS.flatMap((router) => ['dist/cjs', 'dist'].map((build) => new InstrumentationNodeModuleFile(
      `hono/${build}/router/${router}/router.js`,
      VERSIONS,
      (exports: Record<string, unknown>) => {
        for (const exported of Object.values(exports ?? {})) observeRouterClass(exported);
        return exports;
      },
      // Observation stays in place: it changes no answer, and outside a request it records nothing.
      () => {},
    )));
    return [new InstrumentationNodeModuleDefinition('hono', VERSIONS, undefined, undefined, files)];
  }
}

function observeRouterClass(exported: unknown): void {
  const prototype = (exported as { prototype?: RouterPrototype } | undefined)?.prototype;
  const original = prototype?.match;
  if (typeof original !== 'function' || (original as unknown as Record<symbol, boolean>)[kObserved]) return;
  const observed = function match(this: object, method: string, path: string) {
    if (!Object.hasOwn(this, kObserved)) watchReassignment(this, original as Match);
    return recordRoute((original as Match).call(this, method, path));
  };
  Object.defineProperty(observed, kObserved, { value: true });
  prototype!.match = observed;
}

/**
 * Makes `match` on this router an accessor: a router that assigns itself a new `match` hands
 * it to the setter, and callers keep getting the observing wrapper around it.
 */
function watchReassignment(router: object, fromPrototype: Match): void {
  let assigned: Match | undefined;
  const observed = function match(this: unknown, method: string, path: string) {
    return recordRoute((assigned ?? fromPrototype).call(this, method, path));
  };
  try {
    Object.defineProperty(router, 'match', {
      configurable: true,
      enumerable: false,
      get: () => observed,
      set: (value: Match) => {
        assigned = value;
      },
    });
    Object.defineProperty(router, kObserved, { value: true });
  } catch {
    // A frozen router: its prototype's observer still sees every call it makes there.
  }
}

function recordRoute(result: unknown): unknown {
  try {
    const route = routeOfMatch(result);
    const rpc = getRPCMetadata(context.active());
    if (route !== undefined && rpc?.type === RPCType.HTTP) rpc.route = route;
  } catch {
    // Reading the answer must never break routing.
  }
  return result;
}

/** A path that is only a wildcard is where middleware hangs, never a route. */
const isWildcardOnly = (path: string) => path === '*' || path === '/*';

/**
 * The route of a router's answer: `[[[handler, { path, method }], params], ...]` as Hono
 * stores its handlers, in registration order. The last handler registered for a method wins;
 * else the last one for any method whose path has no wildcard (`app.all('/health')`); else
 * none, as for a 404 that only middleware matched.
 */
export function routeOfMatch(result: unknown): string | undefined {
  const entries = Array.isArray(result) ? result[0] : undefined;
  if (!Array.isArray(entries)) return undefined;
  let anyMethod: string | undefined;
  for (let index = entries.length - 1; index >= 0; index--) {
    const route = (entries[index] as [[unknown, { path?: unknown; method?: unknown } | undefined]] | undefined)?.[0]?.[1];
    const path = route?.path;
    if (typeof path !== 'string' || isWildcardOnly(path)) continue;
    if (route!.method !== ANY_METHOD) return path;
    if (anyMethod === undefined && !path.includes('*')) anyMethod = path;
  }
  return anyMethod;
}
