// The listeners of a request's events ('data', 'end', 'close') and of its response's
// ('finish', 'close') run in the request's context, as they do under the stock
// instrumentation, which binds both emitters. Node emits most of these from the connection's
// parser or socket, outside the handler's own call: without this, a plain node:http handler
// that reads its body with `req.on('end')` logs without trace ids from there on and its
// outgoing calls start traces of their own, and a client going away is noticed outside the
// request. Frameworks that read bodies through raw-body or their own binding are unaffected.
//
// One wrapper per prototype, not per request: an emit on a request that carries no context,
// that nobody listens to (Node emits 'readable', 'end' and 'close' for every request, from the
// connection, most often to no listener), or that already runs in its context (everything
// emitted from inside the handler) costs a property read and a comparison or two.
import http from 'node:http';
import { type Context, context } from '@opentelemetry/api';

const kRequestContext = Symbol('obs.http.requestContext');
type Request = http.IncomingMessage & { [kRequestContext]?: Context };
type Emitter = { listenerCount(event: string | symbol): number };
type Emit = (this: Emitter, event: string | symbol, ...args: unknown[]) => boolean;

/** The context the events of this request and of its response are delivered in. */
export function deliverRequestEventsIn(request: http.IncomingMessage, requestContext: Context): void {
  (request as Request)[kRequestContext] = requestContext;
}

let installed = false;

export function runRequestEventListenersInTheirContext(): void {
  if (installed) return;
  installed = true;
  wrapEmit(http.IncomingMessage.prototype, (request) => (request as Request)[kRequestContext]);
  wrapEmit(http.ServerResponse.prototype, (response) => ((response as http.ServerResponse).req as Request | undefined)?.[kRequestContext]);
}

function wrapEmit(prototype: { emit: Emit }, contextOf: (emitter: unknown) => Context | undefined): void {
  const original = prototype.emit;
  prototype.emit = function emit(this: Emitter, event: string | symbol) {
    const requestContext = contextOf(this);
    if (requestContext === undefined || this.listenerCount(event) === 0 || context.active() === requestContext) {
      return original.apply(this, arguments as never);
    }
    return context.with(requestContext, () => original.apply(this, arguments as never));
  } as Emit;
}
