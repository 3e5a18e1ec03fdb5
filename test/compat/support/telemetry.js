// Questions the compatibility tests ask of what an app exported to the in-test OTLP receiver
// (test/support/otlp-receiver.js): the SERVER span of a request, the spans of its trace and
// their parentage, every http.route anywhere, the log records of a trace.
import { attributesOf, dataPointsOf } from '../../support/otlp-receiver.js';

const SERVER = 2;
const CLIENT = 3;
export const SPAN_KIND = { SERVER, CLIENT, PRODUCER: 4, CONSUMER: 5, INTERNAL: 1 };

/** The SERVER span of the request to `path` (its url.path), if exported. */
export function serverSpanOf(receiver, path) {
  return receiver.spans().find((span) => span.kind === SERVER && attributesOf(span.attributes)['url.path'] === path);
}

export function spansOfTrace(receiver, traceId) {
  return receiver.spans().filter((span) => span.traceId === traceId);
}

/** True when following parentSpanId from `span` reaches `ancestor` within `spans`. */
export function descendsFrom(span, ancestor, spans) {
  const byId = new Map(spans.map((each) => [each.spanId, each]));
  const seen = new Set();
  for (let parent = span.parentSpanId; parent && !seen.has(parent); parent = byId.get(parent)?.parentSpanId) {
    if (parent === ancestor.spanId) return true;
    seen.add(parent);
  }
  return false;
}

/**
 * The spans of the request's trace other than its SERVER span that do not descend from it
 * (orphans: a span whose parent was lost, or that started a tree of its own).
 */
export function spansOutsideRequest(receiver, server) {
  const spans = spansOfTrace(receiver, server.traceId);
  return spans.filter((span) => span.spanId !== server.spanId && !descendsFrom(span, server, spans));
}

/** http.route on the `http.server.request.duration` points with that status code. */
export function durationPointsWithStatus(receiver, statusCode) {
  return dataPointsOf(receiver, 'http.server.request.duration').filter((point) => point.attributes['http.response.status_code'] === statusCode);
}

/** Every http.route of a request: on SERVER spans and on http.server.request.duration points. */
export function requestRoutesExported(receiver) {
  const fromSpans = receiver.spans().filter((span) => span.kind === SERVER).map((span) => attributesOf(span.attributes)['http.route']);
  const fromPoints = dataPointsOf(receiver, 'http.server.request.duration').map((point) => point.attributes['http.route']);
  return [...fromSpans, ...fromPoints].filter((route) => route !== undefined);
}

/** The exported log records in that trace. */
export function logRecordsOfTrace(receiver, traceId) {
  return receiver.logRecords().filter((record) => record.traceId === traceId);
}

/** Every attribute value of every span, as strings: where a secret must not appear. */
export function everySpanAttributeValue(receiver) {
  return receiver.spans().flatMap((span) => [span.name, ...Object.values(attributesOf(span.attributes)).map((value) => JSON.stringify(value))]);
}
