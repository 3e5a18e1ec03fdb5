// Under a parent-based sampler, a span started below a span that is not recorded is never
// recorded either, yet the SDK still generates ids, asks the sampler and allocates a span
// for it. Instrumentations run that path for every middleware, query and log call of every
// unsampled request (90% of them in production). This provider answers such calls with the
// parent itself: same trace and span id for log correlation, nothing recorded, no work.
// "Not recorded" is the parent's sampled flag, as the parent-based sampler reads it, not
// whether the parent span records: a parent extracted from a message or a call's metadata
// (a gRPC server, a Kafka consumer) never records in this process, yet its trace is sampled
// and its children must be.
import { context, type Span, type SpanOptions, trace, TraceFlags, type Tracer, type TracerProvider, type Context } from '@opentelemetry/api';

export function createLeanTracerProvider(delegate: TracerProvider): TracerProvider {
  return {
    getTracer(name, version, options) {
      return leanTracer(delegate.getTracer(name, version, options));
    },
  };
}

function leanTracer(tracer: Tracer): Tracer {
  const startSpan = (name: string, options: SpanOptions = {}, parentContext: Context = context.active()): Span => {
    if (!options.root) {
      const parent = trace.getSpan(parentContext);
      if (parent !== undefined && !parent.isRecording() && (parent.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return parent;
    }
    return tracer.startSpan(name, options, parentContext);
  };
  // startActiveSpan(name, [options, [context,]] fn): the callback is always last.
  const startActiveSpan = (name: string, ...rest: unknown[]): unknown => {
    const fn = rest.pop() as (span: Span) => unknown;
    const options = (rest[0] as SpanOptions | undefined) ?? {};
    const parentContext = (rest[1] as Context | undefined) ?? context.active();
    const span = startSpan(name, options, parentContext);
    return context.with(trace.setSpan(parentContext, span), fn, undefined, span);
  };
  return { startSpan, startActiveSpan } as unknown as Tracer;
}
