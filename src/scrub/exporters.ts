// Exporter wrappers that scrub spans and log records on their way out, and the attributes of
// metric data points. Scrubbing at export time keeps it off the request path (it runs in the
// export worker, not when a span ends) and covers every span that leaves, rescued ones
// included. Records are not mutated: a changed one is passed on as an object that shadows the
// changed fields and inherits everything else from the original.
import type { Link } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { DataPoint, MetricData, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace';
import type { Scrubber } from './scrubber.js';

function shadow<T extends object>(original: T, changes: Record<string, unknown>): T {
  const descriptors: PropertyDescriptorMap = {};
  for (const [key, value] of Object.entries(changes)) descriptors[key] = { value, enumerable: true };
  return Object.create(original, descriptors) as T;
}

export function scrubSpan(span: ReadableSpan, scrubber: Scrubber): ReadableSpan {
  const changes: Record<string, unknown> = {};
  const attributes = scrubber.scrubAttributes(span.attributes);
  if (attributes !== span.attributes) changes.attributes = attributes;
  const name = scrubber.scrubString(span.name);
  if (name !== span.name) changes.name = name;
  if (span.status.message) {
    const message = scrubber.scrubString(span.status.message);
    if (message !== span.status.message) changes.status = { ...span.status, message };
  }
  let eventsChanged = false;
  const events = span.events.map((event): TimedEvent => {
    const eventAttributes = event.attributes ? scrubber.scrubAttributes(event.attributes) : event.attributes;
    const eventName = scrubber.scrubString(event.name);
    if (eventAttributes === event.attributes && eventName === event.name) return event;
    eventsChanged = true;
    return { ...event, name: eventName, attributes: eventAttributes };
  });
  if (eventsChanged) changes.events = events;
  let linksChanged = false;
  const links = span.links.map((link): Link => {
    const linkAttributes = link.attributes ? scrubber.scrubAttributes(link.attributes) : link.attributes;
    if (linkAttributes === link.attributes) return link;
    linksChanged = true;
    return { ...link, attributes: linkAttributes };
  });
  if (linksChanged) changes.links = links;
  return Object.keys(changes).length === 0 ? span : shadow(span, changes);
}

export function scrubLogRecord(record: ReadableLogRecord, scrubber: Scrubber): ReadableLogRecord {
  const changes: Record<string, unknown> = {};
  const attributes = scrubber.scrubAttributes(record.attributes);
  if (attributes !== record.attributes) changes.attributes = attributes;
  const body = scrubber.scrubValue('body', record.body);
  if (body !== record.body) changes.body = body;
  return Object.keys(changes).length === 0 ? record : shadow(record, changes);
}

/**
 * The attributes of every data point. Metric attributes are meant to be bounded labels, but an
 * application's own instruments can carry anything (a user's e-mail, a key by mistake).
 */
export function scrubScopeMetrics(scopeMetrics: ScopeMetrics[], scrubber: Scrubber): ScopeMetrics[] {
  return scopeMetrics.map((scope) => {
    let changed = false;
    const metrics = scope.metrics.map((metric) => {
      let pointsChanged = false;
      const dataPoints = (metric.dataPoints as DataPoint<unknown>[]).map((point) => {
        const attributes = scrubber.scrubAttributes(point.attributes);
        if (attributes === point.attributes) return point;
        pointsChanged = true;
        return { ...point, attributes };
      });
      if (!pointsChanged) return metric;
      changed = true;
      return { ...metric, dataPoints } as MetricData;
    });
    return changed ? { ...scope, metrics } : scope;
  });
}

export function scrubbingSpanExporter(exporter: SpanExporter, scrubber: Scrubber): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done: (result: ExportResult) => void) => exporter.export(spans.map((span) => scrubSpan(span, scrubber)), done),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

export function scrubbingLogExporter(exporter: LogRecordExporter, scrubber: Scrubber): LogRecordExporter {
  return {
    export: (records: ReadableLogRecord[], done: (result: ExportResult) => void) => exporter.export(records.map((record) => scrubLogRecord(record, scrubber)), done),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}
