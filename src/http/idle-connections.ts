// An idle keep-alive connection belongs to no request. When a response finishes, Node arms the
// connection's keep-alive timer by creating a new timeout, inside the finishing request's
// async context; the timer keeps that context (the request's span, its context objects) alive
// until the connection's next request replaces it or the timeout fires. Under load that is one
// request's state per open connection at every garbage collection, copied and then promoted:
// measured on a plain `node:http` server under 50 connections, it was half of what each
// young-generation collection found alive, and V8 grew the young generation (and the
// process's memory) faster for it. Arming a server connection's timer while no response is
// attached to it is therefore done outside our context. A timeout an application sets during
// a request (`req.setTimeout`, `res.setTimeout`) is armed while the response is attached and
// keeps the request's context for its callback.
//
// "Outside" is one scope made once, at the root context, and entered for each arming:
// entering a context with `context.with` would build a new async context frame (a copy of
// a Map, under Node 24) for every response, and the timer would keep that copy alive instead.
import { AsyncResource } from 'node:async_hooks';
import net from 'node:net';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';

type ServerSocket = net.Socket & { _httpMessage?: unknown; server?: unknown };

let installed = false;

export function armIdleConnectionTimersOutsideRequests(): void {
  if (installed) return;
  installed = true;
  const outsideRequests = context.with(ROOT_CONTEXT, () => new AsyncResource('obs.idle-connection'));
  const original = net.Socket.prototype.setTimeout;
  // Called on every response: fixed parameters, no rest array (setTimeout takes two).
  net.Socket.prototype.setTimeout = function setTimeout(this: ServerSocket, timeout: number, callback?: () => void) {
    if (this._httpMessage == null && this.server != null && context.active() !== ROOT_CONTEXT) {
      return outsideRequests.runInAsyncScope(original, this, timeout, callback);
    }
    return original.call(this, timeout, callback);
  } as net.Socket['setTimeout'];
}
