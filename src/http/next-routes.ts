// Next.js routes requests itself, behind a plain node:http server, so the request path finds
// no router to read a route from and every Next request would be measured without one. Next
// names the route in its own OpenTelemetry spans instead: the span that resolves a request's
// page or route handler starts with a `next.route` attribute holding its template
// (`/items/[id]`, `/api/hello`); a Pages Router API route names it only in its handler span's
// name (`executing api route (pages) /api/old`). The tracer Next asks for, by its name, is
// wrapped so that the first such route becomes the request's route, whether the request is
// sampled or not (an unsampled request's spans never reach a span processor). Other tracers
// are returned as they are: nothing changes for any span but Next's.
import { context, type Context, type Span, type SpanOptions, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/** The name Next.js gives its tracer (15 and 16 checked). */
const NEXT_TRACER = 'next.js';
const ROUTE_ATTRIBUTE = 'next.route';
const PAGES_API_SPAN = 'executing api route (pages) ';
/**
 * The pages Next renders for a path no route matched, or for an error (`/_not-found`,
 * `/_error`, `/404`, `/500`): not a route, as an unknown path under any other framework has none.
 * Folders and pages whose names start with `_` are never routes of the app in Next.
 */
const NOT_FOUND_OR_ERROR_PAGES = /^\/(?:_|404$|500$)/;

export function withNextRoutes(provider: TracerProvider): TracerProvider {
  // Next asks the global provider for its tracer on every span it starts; the SDK hands back
  // the same tracer each time, and so does this, wrapped once.
  const wrapped = new WeakMap<Tracer, Tracer>();
  return {
    getTracer(name, version, options) {
      const tracer = provider.getTracer(name, version, options);
      if (name !== NEXT_TRACER) return tracer;
      let reporting = wrapped.get(tracer);
      if (reporting === undefined) wrapped.set(tracer, (reporting = routeReportingTracer(tracer)));
      return reporting;
    },
  };
}

function routeReportingTracer(tracer: Tracer): Tracer {
  return {
    startSpan(name: string, options?: SpanOptions, parentContext?: Context): Span {
      reportRoute(name, options, parentContext ?? context.active());
      return tracer.startSpan(name, options, parentContext);
    },
    // startActiveSpan(name, [options, [context,]] fn): the callback is always last.
    startActiveSpan(name: string, ...rest: unknown[]): unknown {
      const options = rest.length >= 2 ? (rest[0] as SpanOptions | undefined) : undefined;
      const parentContext = rest.length >= 3 ? (rest[1] as Context | undefined) : undefined;
      reportRoute(name, options, parentContext ?? context.active());
      return (tracer.startActiveSpan as (...args: unknown[]) => unknown)(name, ...rest);
    },
  } as Tracer;
}

/** The first route named within a request is its own; later ones (the handler's file) are not. */
function reportRoute(name: string, options: SpanOptions | undefined, parentContext: Context): void {
  let route = options?.attributes?.[ROUTE_ATTRIBUTE];
  if (route === undefined && typeof name === 'string' && name.startsWith(PAGES_API_SPAN)) route = name.slice(PAGES_API_SPAN.length);
  if (typeof route !== 'string' || !route.startsWith('/') || NOT_FOUND_OR_ERROR_PAGES.test(route)) return;
  const request = getRPCMetadata(parentContext);
  if (request?.type === RPCType.HTTP && request.route === undefined) request.route = route;
}
