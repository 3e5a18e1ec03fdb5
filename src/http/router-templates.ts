// Route templates for Express (4 and 5) and the `router` package (Express 5's router, also
// used on its own), written into the request's RPC metadata when a route dispatches. Reading
// req.route and req.baseUrl when the response ends (routeOf) is not enough:
// - Express restores req.baseUrl as a request leaves a mounted router, so a request that fails
//   in a router mounted on `/orders` and is answered by an app-level error handler (or by
//   finalhandler) would get `/:id` instead of `/orders/:id`;
// - req.baseUrl is the path that matched, so a mount path with parameters
//   (`/users/:userId/orders`) would put raw ids into the route, one series per user.
// So the mount path each router or sub-app is registered with is remembered (Router#use,
// app.use), the templates of the mounts a request enters are kept on the request while it is
// inside them (Router#handle, app.handle), and Route#dispatch records those joined with the
// route's own path. Only framework methods are wrapped, not the layers: the stock router
// instrumentation recognises its internal layers by their functions, and Express's own
// route-handler spans (src/sdk/express-layers.ts) wrap the layers.
import { createRequire } from 'node:module';
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

// The CommonJS build, as every instrumentation of the catalog: they then share one require
// hook, installed at start-up, which an instrumentation created later relies on.
const { InstrumentationBase, InstrumentationNodeModuleDefinition } = createRequire(import.meta.url)('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');

type Method = (this: any, ...args: any[]) => unknown;
type Methods = Record<string, unknown>;
interface RouteLike { path?: unknown }
interface RequestLike { baseUrl?: unknown; [kMounts]?: string[] }

const kMounts = Symbol('obs.http.mount-templates');
const kOurs = Symbol('obs.http.route-templates');

/** Mounted router or sub-app → the template it is mounted on ('' for the root). */
const mountTemplates = new WeakMap<object, string>();

interface RouterTemplatesConfig extends InstrumentationConfig {
  readonly packageName: 'express' | 'router';
}

/**
 * Makes no spans: it only keeps route templates. One per package, created with that package's
 * catalog entry; both wrap the same methods when an app loads Express 5 and `router` itself,
 * which the wrappers notice.
 */
export class RouterTemplatesInstrumentation extends InstrumentationBase<RouterTemplatesConfig> {
  constructor(packageName: 'express' | 'router') {
    super('node-otel-stack/router-templates', '1.0.0', { packageName });
  }

  protected init() {
    const { packageName } = this.getConfig();
    const versions = packageName === 'express' ? ['>=4.0.0 <6'] : ['>=1.0.0 <3'];
    return [new InstrumentationNodeModuleDefinition(packageName, versions, (exports: any) => {
      const target = packageName === 'express' ? exports?.Router : exports;
      // Express 4's Router is the prototype object itself; Express 5's and router's a class.
      const router = typeof target?.prototype?.route === 'function' ? target.prototype : target;
      wrap(router, 'use', rememberingMounts);
      wrap(router, 'handle', enteringMount);
      wrap(exports?.Route?.prototype, 'dispatch', recordingRoute);
      if (packageName === 'express') {
        wrap(exports?.application, 'use', rememberingMounts);
        wrap(exports?.application, 'handle', enteringMount);
      }
      return exports;
    })];
  }
}

function wrap(target: Methods | undefined, name: string, wrapper: (original: Method) => Method): void {
  const original = target?.[name];
  if (typeof original !== 'function' || (original as unknown as Record<symbol, boolean>)[kOurs]) return;
  const wrapped = wrapper(original as Method);
  Object.defineProperty(wrapped, kOurs, { value: true });
  Object.defineProperty(wrapped, 'length', { value: original.length });
  target![name] = wrapped;
}

/** Router#use and app.use: remembers the mount path of the routers and sub-apps mounted. */
function rememberingMounts(original: Method): Method {
  return function use(this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    const template = typeof args[0] === 'function' ? '' : templateOf(args[0]);
    if (template !== undefined) {
      for (const mounted of args.flat(Infinity)) {
        if (typeof mounted === 'function' && typeof (mounted as { handle?: unknown }).handle === 'function') mountTemplates.set(mounted, template);
      }
    }
    return result;
  };
}

/** Router#handle and app.handle: a mounted one adds its template while the request is inside. */
function enteringMount(original: Method): Method {
  return function handle(this: object, request: RequestLike, response: unknown, callback: unknown) {
    const template = mountTemplates.get(this);
    if (template === undefined || typeof callback !== 'function' || typeof request !== 'object' || request === null) {
      return original.apply(this, arguments as unknown as unknown[]);
    }
    const mounts = (request[kMounts] ??= []);
    const depth = mounts.length;
    mounts.push(joinRoute(mounts[depth - 1] ?? '', template));
    const leave = function (this: unknown) {
      mounts.length = depth;
      return callback.apply(this, arguments);
    };
    return original.call(this, request, response, leave);
  };
}

/** Route#dispatch: the route matched, and the request is inside every mount it went through. */
function recordingRoute(original: Method): Method {
  return function dispatch(this: RouteLike, request: RequestLike) {
    const rpc = getRPCMetadata(context.active());
    if (rpc?.type === RPCType.HTTP) {
      const route = routeTemplateOf(request, this.path);
      if (route !== undefined) rpc.route = route;
    }
    return original.apply(this, arguments as unknown as unknown[]);
  };
}

/**
 * The template of a route with `path` dispatched for `request` now: for spans of a route's
 * handler that want the same route as the request (src/sdk/express-layers.ts names its spans
 * from req.baseUrl, the matched prefix).
 */
export function routeTemplateOf(request: RequestLike, path: unknown): string | undefined {
  const template = templateOf(path);
  return template === undefined ? undefined : joinRoute(mountedTemplateOf(request), template);
}

/** The templates of the mounts the request is in; the matched base where none was registered. */
function mountedTemplateOf(request: RequestLike): string {
  const mounts = request?.[kMounts];
  if (mounts !== undefined && mounts.length > 0) return mounts[mounts.length - 1]!;
  return typeof request?.baseUrl === 'string' ? request.baseUrl : '';
}

/** A path as registered: strings, arrays of them, regular expressions; '' for the root. */
function templateOf(path: unknown): string | undefined {
  if (typeof path === 'string') return path === '/' ? '' : path;
  if (path instanceof RegExp) return String(path);
  if (Array.isArray(path)) {
    const parts = path.map(templateOf);
    return parts.every((part) => part !== undefined) ? parts.join(',') : undefined;
  }
  return undefined;
}

/** `/orders` + `/:id`; a trailing slash on the base is not doubled; the root is `/`. */
export function joinRoute(base: string, path: string): string {
  const trimmed = base.endsWith('/') ? base.slice(0, -1) : base;
  const joined = path === '' || path === '/' ? trimmed : `${trimmed}${path.startsWith('/') ? '' : '/'}${path}`;
  return joined === '' ? '/' : joined;
}
