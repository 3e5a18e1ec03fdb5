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

/** The example service's resource, pushed with every export: it has been reporting all along. */
export function reporting(): InputSeries[] {
  return [{ series: ofExampleService('target_info'), values: gauge(1) }];
}

/**
 * A counter of the example service whose series the first event creates at `minute`, at
 * `first`, growing by `perMinute`; its service reporting all along.
 */
export function createdAt(metric: string, labels: string, minute: number, first: number, perMinute = 1): InputSeries[] {
  return [{ series: ofExampleService(metric, labels), values: `_x${minute} ${first}+${perMinute}x${90 - minute}` }, ...reporting()];
}

/**
 * A route with a few old 200s and no traffic since, whose first 5xx come at `minute`: the SDK
 * creates the 500 series then, at `first`, and it grows by one a minute.
 */
export function firstFailuresFrom(minute: number, first: number): InputSeries[] {
  return [
    ...createdAt('http_server_request_duration_seconds_count', 'http_route="/api/items", http_response_status_code="500"', minute, first),
    { series: ofExampleService('http_server_request_duration_seconds_count', 'http_route="/api/items", http_response_status_code="200"'), values: gauge(3) },
  ];
}

const OBSERVATIONS_PER_MINUTE = 100;
const BUCKET_BOUNDS = ['0.1', '0.5', '1', '2', '5', '10', '+Inf'];
/**
 * A duration histogram where slowShare of 100 observations a minute are slow and the rest take
 * under 0.1 s. Slow ones land in the bucket that ends at slowUpTo: by default (2, 5], where
 * 10% slow puts the p95 at 3.5 s and 4% keeps it at 2 s or under; with slowUpTo 1, (0.5, 1],
 * where 10% slow puts it at 0.75 s and 4% under 0.1 s.
 */
export function durationHistogram(metric: string, slowShare: number, slowUpTo = 5): InputSeries[] {
  const fast = Math.round(OBSERVATIONS_PER_MINUTE * (1 - slowShare));
  return [
    ...BUCKET_BOUNDS.map((le) => ({
      series: ofExampleService(`${metric}_bucket`, `le="${le}"`),
      values: counter(le === '+Inf' || Number(le) >= slowUpTo ? OBSERVATIONS_PER_MINUTE : fast),
    })),
    { series: ofExampleService(`${metric}_count`), values: counter(OBSERVATIONS_PER_MINUTE) },
  ];
}

/** A dependency health check of the example service: 1 up, 0 down. */
export function dependencyHealth(dependency: string, up: 0 | 1): InputSeries[] {
  return [{ series: ofExampleService('app_dependency_up', `dependency="${dependency}"`), values: gauge(up) }];
}

/** The same, reported by one instance of the service. */
export function dependencyHealthOf(instance: string, dependency: string, up: 0 | 1): InputSeries[] {
  return [{ series: ofExampleService('app_dependency_up', `instance="${instance}", dependency="${dependency}"`), values: gauge(up) }];
}

/** PostgreSQL client operations failing with `errorType`, errorsPerMinute of them. */
export function databaseErrors(errorType: string, errorsPerMinute: number): InputSeries[] {
  return [{ series: ofExampleService('db_client_operation_duration_seconds_count', `db_system_name="postgresql", error_type="${errorType}"`), values: counter(errorsPerMinute) }];
}

/** The health probe of the demo app as the blackbox exporter reports it. */
export function healthProbe(values: string): InputSeries[] {
  return [{ series: 'probe_success{job="blackbox", instance="http://demo-app:3000/health", service="demo-app"}', values }];
}
