// Whether the collector can be reached at all, as the export worker's own requests find out.
// The worker makes no HTTP requests but exports, so every client request Node reports on this
// thread's diagnostics channels is one of ours.
//
// A flush waits for the exports it starts, retries included: the OTLP transport retries a
// failed request after a second and more, up to the export timeout. When the collector
// refuses the connection or its name does not resolve, the retry will not do better, and a
// process that is ending must not wait seconds for it. A flush therefore stops waiting as soon
// as a request fails that way, or at once when the last request already did.
import { subscribe } from 'node:diagnostics_channel';

/** Errors that say nobody is there to answer, as opposed to a slow or overloaded collector. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface CollectorReachability {
  /** Resolves once the collector is known to be unreachable; `cancel` when no longer needed. */
  untilUnreachable(): { readonly promise: Promise<void>; cancel(): void };
}

export function watchCollectorReachability(): CollectorReachability {
  let unreachable = false;
  const waiting = new Set<() => void>();

  subscribe('http.client.request.error', (message) => {
    const code = (message as { error?: { code?: unknown } }).error?.code;
    if (typeof code !== 'string' || !UNREACHABLE.has(code)) return;
    unreachable = true;
    for (const resolve of waiting) resolve();
    waiting.clear();
  });
  subscribe('http.client.response.finish', () => {
    unreachable = false;
  });

  return {
    untilUnreachable() {
      if (unreachable) return { promise: Promise.resolve(), cancel() {} };
      let resolve!: () => void;
      const promise = new Promise<void>((settle) => {
        resolve = settle;
      });
      waiting.add(resolve);
      return { promise, cancel: () => waiting.delete(resolve) };
    },
  };
}
