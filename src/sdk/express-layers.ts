// Express route handlers get a `request handler - <route>` span in recorded requests, and
// nothing at all in requests the sampler dropped. The stock instrumentation finds every layer
// as it is registered (Router#route, Router#use, app.use); this replaces what it then wraps
// each layer with. Its wrapper does per-layer bookkeeping on every request, recorded or not,
// and in recorded ones binds functions to contexts and rewrites `arguments`: measured here, an
// Express request with it cost a third more main-thread time, and its recorded requests
// tripled the young generation of the heap under load. Middleware and router layers get no
// spans here (as configured before); the route of a request comes from Express itself
// (req.route, req.baseUrl), read when the response ends.
import { context, type Span, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { routeTemplateOf } from '../http/router-templates.js';

type Handle = ((this: unknown, ...args: unknown[]) => unknown) & { __original?: Handle; __wrapped?: boolean };
interface Layer { name?: string; handle: Handle }
interface RequestLike { baseUrl?: unknown }
interface ResponseLike { once(event: 'close', listener: () => void): unknown }
type Next = (this: unknown, ...args: unknown[]) => unknown;

const kWrapped = Symbol('obs.express.layer');
/** Values of next() that mean "go on", not "this failed" (as Express reads them). */
const NOT_ERRORS = new Set<unknown>([undefined, null, 'route', 'router']);

/**
 * Takes over the instrumentation's per-layer patch. A no-op (the stock behaviour stays) if the
 * instrumentation's internals are not as expected.
 */
export function instrumentExpressLayers(instrumentation: Instrumentation): void {
  const target = instrumentation as unknown as { _applyPatch?: unknown; tracer?: Tracer };
  if (typeof target._applyPatch !== 'function') return;
  target._applyPatch = (layer: Layer, layerPath?: string) => {
    const original = layer.handle;
    if (typeof original !== 'function' || (original as unknown as Record<symbol, boolean>)[kWrapped]) return;
    // Error handlers (arity 4) and middleware stay as they are: no spans for them.
    const isRouteHandler = layer.name === 'handle' || layer.name === 'bound dispatch';
    if (!isRouteHandler || original.length === 4) return;
    layer.handle = wrapRouteHandler(original, layerPath, () => target.tracer ?? trace.getTracer('@opentelemetry/instrumentation-express'));
  };
}

function wrapRouteHandler(original: Handle, layerPath: string | undefined, tracer: () => Tracer): Handle {
  const handle = function (this: unknown, request: RequestLike, response: ResponseLike, next: Next) {
    const parentContext = context.active();
    const parent = trace.getSpan(parentContext);
    if (parent === undefined || !parent.isRecording()) return original.apply(this, arguments as unknown as unknown[]);
    // The template with every mount's own template (`/users/:userId/orders/:id`), as the
    // request's route; the matched prefix (req.baseUrl) only where no mount was recorded.
    const route = routeTemplateOf(request, layerPath) ?? routeOf(request.baseUrl, layerPath);
    const span = tracer().startSpan(`request handler - ${route}`, {
      attributes: { 'http.route': route, 'express.name': route, 'express.type': 'request_handler' },
    }, parentContext);
    const end = endOnce(span);
    response.once('close', () => end(undefined));
    // The next layer runs in the request's context, not in this handler's span.
    const onNext = function (this: unknown, ...args: unknown[]) {
      end(args[0]);
      return context.with(parentContext, next, this, ...args);
    };
    try {
      return context.with(trace.setSpan(parentContext, span), original, this, request, response, onNext);
    } catch (error) {
      end(error);
      throw error;
    }
  } as Handle;
  // Express reads a handler's arity; unwrapping on disable must find the original.
  Object.defineProperty(handle, 'length', { value: original.length });
  Object.assign(handle, { __original: original, __wrapped: true, [kWrapped]: true });
  return handle;
}

function endOnce(span: Span): (outcome: unknown) => void {
  let ended = false;
  return (outcome) => {
    if (ended) return;
    ended = true;
    if (!NOT_ERRORS.has(outcome)) {
      const error = outcome instanceof Error ? outcome : new Error(String(outcome));
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    }
    span.end();
  };
}

function routeOf(baseUrl: unknown, layerPath: string | undefined): string {
  const base = typeof baseUrl === 'string' ? baseUrl : '';
  const path = layerPath ?? '';
  const joined = `${base}${path === '/' && base !== '' ? '' : path}`;
  return joined === '' ? '/' : joined;
}
