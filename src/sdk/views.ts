// Histogram bucket boundaries. The documented thresholds (p95 above 2 s, p95 within
// 200/500 ms, slow queries above 1 s) must fall on boundaries, or Prometheus interpolates
// them; the stock advice (0.005 ... 0.75, 1, 2.5, 5 ...) has no 0.2 and no 2.
import { AggregationType, type ViewOptions } from '@opentelemetry/sdk-metrics';

export const HTTP_DURATION_BOUNDARIES = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 2.5, 5, 7.5, 10,
]);

export const DB_DURATION_BOUNDARIES = Object.freeze([
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10,
]);

const histogramView = (instrumentName: string, boundaries: readonly number[]): ViewOptions => ({
  instrumentName,
  aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [...boundaries] } },
});

export function buildViews(): ViewOptions[] {
  return [
    histogramView('http.server.request.duration', HTTP_DURATION_BOUNDARIES),
    histogramView('http.client.request.duration', HTTP_DURATION_BOUNDARIES),
    histogramView('db.client.operation.duration', DB_DURATION_BOUNDARIES),
  ];
}
