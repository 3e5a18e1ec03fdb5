// The listeners of a request's events ('data', 'end', 'close') and of its response's
// ('finish', 'close') run in the request's context, as they do under the stock
// instrumentation, which binds both emitters. Node emits most of these from the connection's
// parser, socket or HTTP/2 stream, outside the handler's own call: without this, a plain
// handler that reads its body with `req.on('end')` logs without trace ids from there on and
// its outgoing calls start traces of their own, and a client going away is noticed outside
// the request. Frameworks that read bodies through raw-body or their own binding are
// unaffected.
//
// One wrapper per class, not per request: node:http's IncomingMessage and ServerResponse, and
// node:http2's compatibility request and response (whose classes are not exported), wrapped
// when their first request arrives. An emit on a request that carries no context, that nobody
// listens to (Node emits 'readable', 'end' and 'close' for every request, most often to no
// listener), or that already runs in its context (everything emitted from inside the handler)
// costs a property read and a comparison or two.
import { type Context, context } from '@opentelemetry/api';

const kRequestContext = Symbol('obs.http.requestContext');
const kWrapper = Symbol('obs.http.emitWrapper');

interface Emitter {
  emit: Emit;
  listenerCount(event: string | symbol): number;
}
type Emit = ((this: Emitter, event: string | symbol, ...args: unknown[]) => boolean) & { [kWrapper]?: true };
type Request = Emitter & { [kRequestContext]?: Context };
type Response = Emitter & { req?: Request };

/** Delivers the events of this request and of its response in `requestContext`. */
export function deliverRequestEventsIn(request: object, response: object, requestContext: Context): void {
  (request as Request)[kRequestContext] = requestContext;
  wrapClassOf(request as Emitter, requestContextOf);
  wrapClassOf(response as Emitter, responseContextOf);
}

const requestContextOf = (request: Emitter) => (request as Request)[kRequestContext];
const responseContextOf = (response: Emitter) => (response as Response).req?.[kRequestContext];

function wrapClassOf(emitter: Emitter, contextOf: (emitter: Emitter) => Context | undefined): void {
  const original = emitter.emit;
  if (typeof original !== 'function' || original[kWrapper]) return;
  const prototype = Object.getPrototypeOf(emitter) as Emitter | null;
  if (prototype === null || prototype.emit !== original) return; // an emit of the instance's own: not ours to replace
  const wrapper: Emit = function emit(this: Emitter, event: string | symbol) {
    const requestContext = contextOf(this);
    if (requestContext === undefined || this.listenerCount(event) === 0 || context.active() === requestContext) {
      return original.apply(this, arguments as never);
    }
    return context.with(requestContext, () => original.apply(this, arguments as never));
  };
  wrapper[kWrapper] = true;
  prototype.emit = wrapper;
}
