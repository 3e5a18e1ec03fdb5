// Log records emitted through the OpenTelemetry logs API (the bootstrap's own lines, captured
// errors, logger bridges) as one compact JSON array, and back into the ReadableLogRecord shape
// the OTLP serializers read. pino lines take a cheaper path of their own (pino-lines.ts).
import type { AnyValue, Attributes, HrTime, SpanContext } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ScopeInterner } from './scopes.js';

type EncodedLog = [
  time: HrTime, observed: HrTime, traceId: string, spanId: string, traceFlags: number,
  severityNumber: number, severityText: string, body: AnyValue | null, attributes: Attributes, droppedAttributes: number,
  eventName: string, scopeName: string, scopeVersion: string, scopeSchemaUrl: string,
];

export function encodeLogRecord(record: ReadableLogRecord): string {
  const context = record.spanContext;
  const scope = record.instrumentationScope;
  const encoded: EncodedLog = [
    record.hrTime, record.hrTimeObserved, context?.traceId ?? '', context?.spanId ?? '', context?.traceFlags ?? 0,
    record.severityNumber ?? 0, record.severityText ?? '', record.body ?? null, record.attributes, record.droppedAttributesCount,
    record.eventName ?? '', scope.name, scope.version ?? '', scope.schemaUrl ?? '',
  ];
  return JSON.stringify(encoded);
}

export function decodeLogRecord(text: string, resource: Resource, scopes: ScopeInterner): ReadableLogRecord {
  const [
    hrTime, hrTimeObserved, traceId, spanId, traceFlags, severityNumber, severityText, body, attributes, droppedAttributesCount,
    eventName, scopeName, scopeVersion, scopeSchemaUrl,
  ] = JSON.parse(text) as EncodedLog;
  const spanContext: SpanContext | undefined = traceId ? { traceId, spanId, traceFlags } : undefined;
  return {
    hrTime,
    hrTimeObserved,
    ...(spanContext ? { spanContext } : {}),
    ...(severityNumber ? { severityNumber } : {}),
    ...(severityText ? { severityText } : {}),
    ...(body === null ? {} : { body }),
    ...(eventName ? { eventName } : {}),
    resource,
    instrumentationScope: scopes.get(scopeName, scopeVersion, scopeSchemaUrl),
    attributes,
    droppedAttributesCount,
  };
}
