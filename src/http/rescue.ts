// Tail rescue for the head sampler. A request the sampler dropped still has a trace id (its
// logs carry it); when it fails or is slow, its SERVER span is built after the fact with
// that same id and handed to the exporting span processor, so the trace an operator looks
// for exists. Only the server span is rescued: child spans were never recorded, which is
// what keeps unsampled requests cheap.
import { randomBytes } from 'node:crypto';
import { type HrTime, type SpanContext, SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace';
import type { ErrorSpan } from '../api/runtime.js';
import type { FinishedRequest } from './server.js';

export const RESCUE_ATTRIBUTE = 'sampling.rescued_because';

export function createRescuer(
  processors: readonly SpanProcessor[],
  resource: Resource,
  instrumentationScope: InstrumentationScope,
): (request: FinishedRequest) => void {
  return (request) => {
    const span = toReadableSpan(request, resource, instrumentationScope);
    for (const processor of processors) processor.onEnd(span);
  };
}

/**
 * For captureError outside a recorded span: a zero-length span carrying the exception,
 * exported whatever the sampler decided (an error is exactly what sampling must not hide),
 * in the trace of the request it happened in when there is one.
 */
export function createErrorSpanSender(
  processors: readonly SpanProcessor[],
  resource: Resource,
  instrumentationScope: InstrumentationScope,
): (error: ErrorSpan) => void {
  return (error) => {
    const now = millisToHrTime(performance.timeOrigin + performance.now());
    const parent = error.parent && error.parent.traceId !== '00000000000000000000000000000000' ? error.parent : undefined;
    const spanContext: SpanContext = {
      traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      traceFlags: TraceFlags.SAMPLED,
    };
    const span: ReadableSpan = {
      name: error.name,
      kind: SpanKind.INTERNAL,
      spanContext: () => spanContext,
      parentSpanContext: parent,
      startTime: now,
      endTime: now,
      duration: [0, 0],
      status: { code: SpanStatusCode.ERROR, message: error.statusMessage },
      attributes: { ...error.attributes, [RESCUE_ATTRIBUTE]: 'error' },
      links: [],
      events: [{ name: 'exception', time: now, attributes: error.exceptionAttributes, droppedAttributesCount: 0 }],
      ended: true,
      resource,
      instrumentationScope,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
    for (const processor of processors) processor.onEnd(span);
  };
}

function toReadableSpan(request: FinishedRequest, resource: Resource, instrumentationScope: InstrumentationScope): ReadableSpan {
  const spanContext = { ...request.spanContext, traceFlags: TraceFlags.SAMPLED };
  const startTime = millisToHrTime(request.startEpochMs);
  const endTime = millisToHrTime(request.startEpochMs + request.durationMs);
  const events: TimedEvent[] = request.error instanceof Error ? [exceptionEvent(request.error, endTime)] : [];
  return {
    name: request.name,
    kind: SpanKind.SERVER,
    spanContext: () => spanContext,
    parentSpanContext: request.parentSpanContext,
    startTime,
    endTime,
    duration: millisToHrTime(request.durationMs),
    status: request.failed ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.UNSET },
    attributes: { ...request.attributes, [RESCUE_ATTRIBUTE]: request.failed ? 'error' : 'slow' },
    links: [],
    events,
    ended: true,
    resource,
    instrumentationScope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function exceptionEvent(error: Error, time: HrTime): TimedEvent {
  return {
    name: 'exception',
    time,
    attributes: {
      'exception.type': error.constructor.name,
      'exception.message': error.message,
      ...(error.stack ? { 'exception.stacktrace': error.stack } : {}),
    },
    droppedAttributesCount: 0,
  };
}

function millisToHrTime(epochMs: number): HrTime {
  const seconds = Math.trunc(epochMs / 1000);
  const nanos = Math.min(999_999_999, Math.round((epochMs - seconds * 1000) * 1e6));
  return [seconds, nanos];
}
