// One object per incoming request that is at once its OpenTelemetry context (the SERVER span
// and the RPC metadata over the propagated parent), the RPC metadata frameworks write the
// route into, and the state the response's end needs. The API's own contexts copy a Map on
// every setValue; building the request context that way cost two Maps and three objects per
// request on the hot path, and their garbage showed up as heap growth under load.
import type { Context, Span, SpanContext } from '@opentelemetry/api';
import { RPCType } from '@opentelemetry/core';

// The keys the API and the SDK use (`createContextKey` is `Symbol.for` of these descriptions).
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
const RPC_METADATA_KEY = Symbol.for('OpenTelemetry SDK Context Key RPC_METADATA');

/** setValue on any context of ours: one key over its parent, nothing copied. */
class OverlayContext implements Context {
  constructor(private readonly parent: Context, private readonly key: symbol, private readonly value: unknown) {}
  getValue(key: symbol): unknown {
    return key === this.key ? this.value : this.parent.getValue(key);
  }
  setValue(key: symbol, value: unknown): Context {
    return new OverlayContext(this, key, value);
  }
  deleteValue(key: symbol): Context {
    return new OverlayContext(this, key, undefined);
  }
}

export class RequestContext implements Context {
  /** RPC metadata: instrumentations (Express, Fastify routes) set `route` on it. */
  readonly type = RPCType.HTTP;
  route: string | undefined = undefined;
  /** What the request threw synchronously, if anything. */
  error: unknown = undefined;

  constructor(
    private readonly parent: Context,
    readonly span: Span,
    readonly parentSpanContext: SpanContext | undefined,
    readonly startMs: number,
    readonly method: string,
    readonly scheme: 'http' | 'https',
    readonly path: string,
  ) {}

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.span;
    if (key === RPC_METADATA_KEY) return this;
    return this.parent.getValue(key);
  }
  setValue(key: symbol, value: unknown): Context {
    return new OverlayContext(this, key, value);
  }
  deleteValue(key: symbol): Context {
    return new OverlayContext(this, key, undefined);
  }
}
