// http.server.request.duration, aggregated here rather than through the SDK's histogram.
// The SDK hashes every record's attributes (sorting the keys and JSON-encoding them) to find
// its series: on the request path that was the largest single cost after the span. Here a
// series is found by a string built from the five values, and the collection is handed to
// the metric readers as a MetricProducer, in the shape the SDK itself would produce:
// cumulative, explicit buckets with inclusive upper bounds, min and max.
import type { Attributes, HrTime } from '@opentelemetry/api';
import { ValueType } from '@opentelemetry/api';
import { hrTime, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type CollectionResult,
  DataPointType,
  type Histogram,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';

/** As the SDK: past this many series, further ones are folded into one overflow series. */
const CARDINALITY_LIMIT = 2_000;
const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

interface Series {
  readonly attributes: Attributes;
  readonly counts: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
}

export interface ServerDurationHistogram {
  /** Positional on purpose: no object per request. */
  record(seconds: number, method: string, scheme: string, statusCode: number | undefined, route: string | undefined, errorType: string | undefined): void;
  /** `collectSync` serves the final collection in an 'exit' handler, where no promise settles. */
  readonly producer: MetricProducer & { collectSync(): CollectionResult };
}

export function createServerDurationHistogram(
  boundaries: readonly number[],
  resource: Resource,
  scope: InstrumentationScope,
): ServerDurationHistogram {
  const series = new Map<string, Series>();
  const startTime: HrTime = hrTime();
  let overflow: Series | undefined;

  return {
    record(seconds, method, scheme, statusCode, route, errorType) {
      if (!(seconds >= 0)) return; // NaN or negative: a clock oddity, not a request duration
      const key = `${method} ${scheme} ${statusCode ?? ''} ${errorType ?? ''} ${route ?? ''}`;
      let target = series.get(key);
      if (target === undefined) {
        if (series.size >= CARDINALITY_LIMIT) {
          target = overflow ??= newSeries(OVERFLOW_ATTRIBUTES, boundaries.length);
        } else {
          target = newSeries(attributesOf(method, scheme, statusCode, route, errorType), boundaries.length);
          series.set(key, target);
        }
      }
      let bucket = 0;
      while (bucket < boundaries.length && seconds > boundaries[bucket]!) bucket++;
      target.counts[bucket]! += 1;
      target.count += 1;
      target.sum += seconds;
      if (seconds < target.min) target.min = seconds;
      if (seconds > target.max) target.max = seconds;
    },
    producer: {
      collect: async () => collectSync(),
      collectSync,
    },
  };

  function collectSync(): CollectionResult {
    const endTime = hrTime();
    const all = overflow ? [...series.values(), overflow] : [...series.values()];
    const dataPoints = all.map((entry) => ({
      attributes: entry.attributes,
      startTime,
      endTime,
      value: {
        buckets: { boundaries: [...boundaries], counts: [...entry.counts] },
        count: entry.count,
        sum: entry.sum,
        min: entry.min,
        max: entry.max,
      } satisfies Histogram,
    }));
    return {
      resourceMetrics: {
        resource,
        scopeMetrics: dataPoints.length === 0 ? [] : [{
          scope,
          metrics: [{
            descriptor: { name: 'http.server.request.duration', description: 'Duration of HTTP server requests.', unit: 's', valueType: ValueType.DOUBLE },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.HISTOGRAM,
            dataPoints,
          }],
        }],
      },
      errors: [],
    };
  }
}

function newSeries(attributes: Attributes, boundaryCount: number): Series {
  return { attributes, counts: new Array<number>(boundaryCount + 1).fill(0), count: 0, sum: 0, min: Infinity, max: -Infinity };
}

/** The attributes the SDK's histogram had, so the series names and labels stay as they were. */
export function requestAttributes(
  method: string,
  scheme: string,
  statusCode: number | undefined,
  route: string | undefined,
  errorType: string | undefined,
): Record<string, string | number> {
  const attributes: Record<string, string | number> = { 'http.request.method': method, 'url.scheme': scheme };
  if (statusCode !== undefined) attributes['http.response.status_code'] = statusCode;
  if (route !== undefined) attributes['http.route'] = route;
  if (errorType !== undefined) attributes['error.type'] = errorType;
  return attributes;
}

function attributesOf(...values: Parameters<typeof requestAttributes>): Attributes {
  return Object.freeze(requestAttributes(...values));
}
