// graphql 17 reports its own work on diagnostics tracing channels (graphql:parse, :validate,
// :execute, :subscribe, :resolve); the stock instrumentation patches graphql up to 16 only. This
// one turns the channels into the spans the stock one makes for 16, under the same names:
// `graphql.parse`, `graphql.validate`, the operation (`query GetUser`), and `graphql.resolve
// <path>` for resolvers the application wrote (a field read off its parent object gets none).
// Each span is active while its work runs, so a query a resolver makes sits under it. Spans
// start only inside a span already (a request): building a schema at start-up is no trace.
// An operation whose result carries errors is an error span, as a resolver that throws is.
import type { AsyncLocalStorage } from 'node:async_hooks';
import { tracingChannel } from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import { type Attributes, type Context, context, type Span, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { activeContextStorage } from './providers.js';

const { InstrumentationBase } = createRequire(import.meta.url)('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');

const SPAN = Symbol('obs.graphql.span');

interface ChannelMessage {
  [SPAN]?: Span;
  result?: unknown;
  error?: unknown;
}
interface OperationMessage extends ChannelMessage {
  readonly operationType?: string;
  readonly operationName?: string;
}
interface ResolveMessage extends ChannelMessage {
  readonly fieldName?: string;
  readonly fieldPath?: string;
  readonly fieldType?: string;
  readonly isDefaultResolver?: boolean;
}

type SpanStart = (message: never) => { name: string; attributes?: Attributes } | undefined;

const CHANNELS: Readonly<Record<string, SpanStart>> = {
  'graphql:parse': () => ({ name: 'graphql.parse' }),
  'graphql:validate': () => ({ name: 'graphql.validate' }),
  'graphql:execute': (message: OperationMessage) => operationSpan(message),
  'graphql:subscribe': (message: OperationMessage) => operationSpan(message),
  'graphql:resolve': (message: ResolveMessage) => (message.isDefaultResolver === false ? {
    name: `graphql.resolve ${message.fieldPath}`,
    attributes: { 'graphql.field.name': message.fieldName ?? '', 'graphql.field.path': message.fieldPath ?? '', 'graphql.field.type': message.fieldType ?? '' },
  } : undefined),
};

function operationSpan(message: OperationMessage): { name: string; attributes: Attributes } {
  const type = message.operationType ?? 'operation';
  const name = message.operationName;
  return { name: name ? `${type} ${name}` : type, attributes: { 'graphql.operation.type': type, ...(name ? { 'graphql.operation.name': name } : {}) } };
}

let subscribed = false;

export class GraphqlChannelsInstrumentation extends InstrumentationBase {
  constructor() {
    super('node-otel-stack/graphql-channels', '1.0.0', {});
  }

  protected init() {
    return [];
  }

  // Called by the base constructor: no instance fields are ready yet, hence the module flag.
  override enable(): void {
    if (subscribed) return;
    subscribed = true;
    const storage = activeContextStorage();
    for (const [name, describe] of Object.entries(CHANNELS)) subscribeChannel(name, describe, () => this.tracer, storage);
  }

  override disable(): void {
    // Channels stay subscribed for the process: unsubscribing a bound store mid-operation
    // would leave spans open. Without a started SDK the spans are no-ops.
  }
}

function subscribeChannel(name: string, describe: SpanStart, tracer: () => Tracer, storage: AsyncLocalStorage<Context> | undefined): void {
  const channel = tracingChannel(name);
  const start = (message: ChannelMessage): Context => {
    const active = context.active();
    try {
      if (trace.getSpan(active) === undefined) return active;
      const described = describe(message as never);
      if (described === undefined) return active;
      const span = tracer().startSpan(described.name, { attributes: described.attributes }, active);
      message[SPAN] = span;
      return trace.setSpan(active, span);
    } catch {
      return active; // telemetry never breaks the query
    }
  };
  const finish = (message: ChannelMessage) => {
    const span = message[SPAN];
    if (span === undefined) return;
    message[SPAN] = undefined;
    try {
      if (message.error !== undefined) fail(span, message.error);
      else {
        const errors = (message.result as { errors?: readonly { message?: unknown }[] } | undefined)?.errors;
        if (Array.isArray(errors) && errors.length > 0) span.setStatus({ code: SpanStatusCode.ERROR, message: String(errors[0]?.message ?? 'GraphQL error') });
      }
      span.end();
    } catch {
      // as above
    }
  };
  // With the context's storage bound, its transform starts the span; without, a subscriber does
  // (the span is then not active while the work runs).
  if (storage) channel.start.bindStore(storage, start as (message: unknown) => Context);
  else channel.start.subscribe((message) => void start(message as ChannelMessage));
  // A promise's end comes first, before it settles (no result, no error yet); asyncEnd follows.
  channel.end.subscribe((message) => {
    const settled = message as ChannelMessage;
    if ('result' in settled || settled.error !== undefined) finish(settled);
  });
  channel.asyncEnd.subscribe((message) => finish(message as ChannelMessage));
}

function fail(span: Span, error: unknown): void {
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
