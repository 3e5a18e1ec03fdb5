// Input series for the generated promtool tests, in promtool's expanding notation: every
// series runs for 90 one-minute samples, long enough for the 1-hour windows.
import { EXAMPLE_SERVICE_SELECTOR } from './service-labels.js';

export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** A counter that grows by perMinute every minute. */
export function counter(perMinute: number): string {
  return `0+${perMinute}x90`;
}

/** A gauge that holds one value. */
export function gauge(value: number): string {
  return `${value}x90`;
}

/** A series of the example service: `metric{job="demo/shop", ..., <labels>}`. */
export function ofExampleService(metric: string, labels = ''): string {
  return `${metric}{${EXAMPLE_SERVICE_SELECTOR}${labels ? `, ${labels}` : ''}}`;
}

/** HTTP requests of one route: errorsPerMinute answered 500, okPerMinute answered 200. */
export function httpRequests(errorsPerMinute: number, okPerMinute: number): InputSeries[] {
  const requests = (status: string): string => ofExampleService('http_server_request_duration_seconds_count', `http_route="/api/items", http_response_status_code="${status}"`);
  return [
    { series: requests('500'), values: counter(errorsPerMinute) },
    { series: requests('200'), values: counter(okPerMinute) },
  ];
}

const OBSERVATIONS_PER_MINUTE = 100;
const BUCKET_BOUNDS = ['0.1', '0.5', '1', '2', '5', '10', '+Inf'];
/** Slow observations take between 2 and 5 seconds: they land in the (2, 5] bucket. */
const SLOW_BUCKETS_FROM = 5;

/**
 * A duration histogram where slowShare of 100 observations a minute take 2-5 s and the rest
 * under 0.1 s. With 10% slow the p95 interpolates to 3.5 s inside the (2, 5] bucket; with 4%
 * it stays at 2 s or under.
 */
export function durationHistogram(metric: string, slowShare: number): InputSeries[] {
  const fast = Math.round(OBSERVATIONS_PER_MINUTE * (1 - slowShare));
  return [
    ...BUCKET_BOUNDS.map((le) => ({
      series: ofExampleService(`${metric}_bucket`, `le="${le}"`),
      values: counter(le === '+Inf' || Number(le) >= SLOW_BUCKETS_FROM ? OBSERVATIONS_PER_MINUTE : fast),
    })),
    { series: ofExampleService(`${metric}_count`), values: counter(OBSERVATIONS_PER_MINUTE) },
  ];
}

/** A dependency health check of the example service: 1 up, 0 down. */
export function dependencyHealth(dependency: string, up: 0 | 1): InputSeries[] {
  return [{ series: ofExampleService('app_dependency_up', `dependency="${dependency}"`), values: gauge(up) }];
}

/** The health probe of the demo app as the blackbox exporter reports it. */
export function healthProbe(values: string): InputSeries[] {
  return [{ series: 'probe_success{job="blackbox", instance="http://demo-app:3000/health", service="demo-app"}', values }];
}
