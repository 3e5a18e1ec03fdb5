// A finished span as one compact JSON array, and back. The application's thread encodes
// (one JSON.stringify, no OTLP, no protobuf); the worker decodes into the ReadableSpan shape
// the stock OTLP serializers read. Both directions live here so the format cannot drift.
import type { Attributes, HrTime, Link, SpanContext } from '@opentelemetry/api';
import { hrTimeDuration, TraceState } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import type { ScopeInterner } from './scopes.js';

type EncodedEvent = [name: string, time: HrTime, attributes: Attributes, dropped: number];
type EncodedLink = [traceId: string, spanId: string, traceFlags: number, traceState: string, attributes: Attributes, dropped: number];
type EncodedSpan = [
  traceId: string, spanId: string, traceFlags: number, traceState: string,
  parentSpanId: string, parentIsRemote: 0 | 1,
  name: string, kind: number, start: HrTime, end: HrTime,
  statusCode: number, statusMessage: string,
  attributes: Attributes, events: EncodedEvent[], links: EncodedLink[],
  droppedAttributes: number, droppedEvents: number, droppedLinks: number,
  scopeName: string, scopeVersion: string, scopeSchemaUrl: string,
];

export function encodeSpan(span: ReadableSpan): string {
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  const scope = span.instrumentationScope;
  const encoded: EncodedSpan = [
    context.traceId, context.spanId, context.traceFlags, context.traceState?.serialize() ?? '',
    parent?.spanId ?? '', parent?.isRemote ? 1 : 0,
    span.name, span.kind, span.startTime, span.endTime,
    span.status.code, span.status.message ?? '',
    span.attributes,
    span.events.map((event) => [event.name, event.time, event.attributes ?? {}, event.droppedAttributesCount ?? 0]),
    span.links.map((link) => [
      link.context.traceId, link.context.spanId, link.context.traceFlags, link.context.traceState?.serialize() ?? '',
      link.attributes ?? {}, link.droppedAttributesCount ?? 0,
    ]),
    span.droppedAttributesCount, span.droppedEventsCount, span.droppedLinksCount,
    scope.name, scope.version ?? '', scope.schemaUrl ?? '',
  ];
  return JSON.stringify(encoded);
}

export function decodeSpan(text: string, resource: Resource, scopes: ScopeInterner): ReadableSpan {
  const [
    traceId, spanId, traceFlags, traceState, parentSpanId, parentIsRemote, name, kind, startTime, endTime,
    statusCode, statusMessage, attributes, events, links, droppedAttributesCount, droppedEventsCount, droppedLinksCount,
    scopeName, scopeVersion, scopeSchemaUrl,
  ] = JSON.parse(text) as EncodedSpan;
  const context: SpanContext = { traceId, spanId, traceFlags, ...(traceState ? { traceState: new TraceState(traceState) } : {}) };
  return {
    name,
    kind,
    spanContext: () => context,
    parentSpanContext: parentSpanId ? { traceId, spanId: parentSpanId, traceFlags, isRemote: parentIsRemote === 1 } : undefined,
    startTime,
    endTime,
    duration: hrTimeDuration(startTime, endTime),
    status: statusMessage ? { code: statusCode, message: statusMessage } : { code: statusCode },
    attributes,
    events: events.map(([eventName, time, eventAttributes, dropped]): TimedEvent => ({ name: eventName, time, attributes: eventAttributes, droppedAttributesCount: dropped })),
    links: links.map(([linkTraceId, linkSpanId, linkFlags, linkState, linkAttributes, dropped]): Link => ({
      context: { traceId: linkTraceId, spanId: linkSpanId, traceFlags: linkFlags, ...(linkState ? { traceState: new TraceState(linkState) } : {}) },
      attributes: linkAttributes,
      droppedAttributesCount: dropped,
    })),
    ended: true,
    resource,
    instrumentationScope: scopes.get(scopeName, scopeVersion, scopeSchemaUrl),
    droppedAttributesCount,
    droppedEventsCount,
    droppedLinksCount,
  };
}
