// Express layers in requests the sampler dropped skip the stock instrumentation entirely.
// Its per-layer work (storing the layer path, rebuilding the route, metadata objects, the
// ignore checks) runs for every middleware of every request, recorded or not, and was the
// largest single cost of an instrumented Express request. A dropped request needs none of it:
// its route comes from Express itself (req.route and req.baseUrl, read when the response
// ends). Recorded requests keep the instrumentation's spans unchanged.
import { context, trace } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';

type Handle = ((...args: unknown[]) => unknown) & { __original?: Handle; __unwrap?: unknown; __wrapped?: boolean };
interface Layer { handle: Handle }
type ApplyPatch = (this: unknown, layer: Layer, layerPath?: string) => void;

/** Wraps the instrumentation's per-layer patch; a no-op if its internals are not as expected. */
export function skipLayersOfDroppedRequests(instrumentation: Instrumentation): void {
  const target = instrumentation as unknown as { _applyPatch?: ApplyPatch };
  const applyPatch = target._applyPatch;
  if (typeof applyPatch !== 'function') return;
  target._applyPatch = function patchLayer(layer, layerPath) {
    applyPatch.call(this, layer, layerPath);
    const patched = layer.handle;
    const original = patched?.__original;
    if (typeof original !== 'function' || patched === original) return;
    const handle = function (this: unknown, ...args: unknown[]) {
      const span = trace.getSpan(context.active());
      return span !== undefined && span.isRecording() ? patched.apply(this, args) : original.apply(this, args);
    } as Handle;
    // Express tells error handlers by their arity; unwrapping (disable) must find the original.
    Object.defineProperty(handle, 'length', { value: patched.length });
    Object.assign(handle, { __original: original, __unwrap: patched.__unwrap, __wrapped: true });
    layer.handle = handle;
  };
}
