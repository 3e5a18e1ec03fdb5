// The recording rules (prometheus/rules/recording.yml), named level:metric:operation. The
// alerts read these instead of repeating the aggregations.
import { ERROR_GROUPS_RECORD, ERROR_GROUPS_RECORD_INTERVAL } from './alerts-error-groups.js';
import { seconds } from './durations.js';
import type { RecordingGroup } from './rule-files.js';
import { BY_SERVICE } from './service-labels.js';
import type { Thresholds } from './thresholds.js';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

/** The window every 5-minute alert uses. */
const ALERT_WINDOW = '5m';

/** 5m for the error-rate alerts, plus both windows of every burn-rate alert, shortest first. */
export function failureRatioWindows(thresholds: Thresholds): string[] {
  const burnRates = Object.values(thresholds.alerts).flatMap((alert) => (alert.burnRate ? [alert.burnRate] : []));
  const windows = new Set([ALERT_WINDOW, ...burnRates.flatMap((burnRate) => [burnRate.shortWindow, burnRate.longWindow])]);
  return [...windows].sort((a, b) => seconds(a) - seconds(b));
}

export function httpErrorRatioRecord(window: string): string {
  return `job:http_server_request_error_ratio:rate${window}`;
}

export function probeFailureRatioRecord(window: string): string {
  return `instance:probe_failure_ratio:avg${window}`;
}

function httpErrorRatio(window: string): RecordingRule {
  const requests = (selector: string): string => `sum by (${BY_SERVICE}) (rate(http_server_request_duration_seconds_count${selector}[${window}]))`;
  return {
    record: httpErrorRatioRecord(window),
    // `or ... * 0`: a service with no 5xx yet has a ratio of 0, not no ratio at all.
    expr: `(${requests('{http_response_status_code=~"5.."}')} or ${requests('')} * 0)\n/ ${requests('')}`,
  };
}

function probeFailureRatio(window: string): RecordingRule {
  return { record: probeFailureRatioRecord(window), expr: `1 - avg_over_time(probe_success{job="blackbox"}[${window}])` };
}

/** Share of failed outcomes of a business counter over 10 minutes, 0 when none failed. */
function outcomeFailureRatio(record: string, counter: string, totalRecord: string): RecordingRule {
  return {
    record,
    expr: `(sum by (${BY_SERVICE}) (increase(${counter}{outcome="failure"}[10m])) or ${totalRecord} * 0)\n/ ${totalRecord}`,
  };
}

export function recordingRules(thresholds: Thresholds): RecordingRule[] {
  const windows = failureRatioWindows(thresholds);
  return [
    { record: 'job:http_server_requests:rate5m', expr: `sum by (${BY_SERVICE}) (rate(http_server_request_duration_seconds_count[5m]))` },
    { record: SERVING_RECORD, expr: `group by (${BY_SERVICE}) (http_server_request_duration_seconds_count)` },
    ...windows.map(httpErrorRatio),
    { record: 'job:http_server_request_duration_seconds:p95_5m', expr: `histogram_quantile(0.95, sum by (${BY_SERVICE}, le) (rate(http_server_request_duration_seconds_bucket[5m])))` },
    { record: 'job:db_client_operations:rate5m', expr: `sum by (${BY_SERVICE}) (rate(db_client_operation_duration_seconds_count[5m]))` },
    { record: 'job:db_client_operation_duration_seconds:p95_5m', expr: `histogram_quantile(0.95, sum by (${BY_SERVICE}, le) (rate(db_client_operation_duration_seconds_bucket[5m])))` },
    { record: 'job:app_user_logins:increase10m', expr: `sum by (${BY_SERVICE}) (increase(app_user_logins_total[10m]))` },
    outcomeFailureRatio('job:app_user_login_failure_ratio:increase10m', 'app_user_logins_total', 'job:app_user_logins:increase10m'),
    { record: 'job:app_payments:increase10m', expr: `sum by (${BY_SERVICE}) (increase(app_payments_total[10m]))` },
    outcomeFailureRatio('job:app_payment_failure_ratio:increase10m', 'app_payments_total', 'job:app_payments:increase10m'),
    ...windows.map(probeFailureRatio),
    // A backup job pushes its success once and ends; the pushed sample is visible for 5
    // minutes only. This rule carries the latest forward by reading its own previous value,
    // so the age can be computed a day later.
    { record: BACKUP_LATEST_RECORD, expr: `max by (${BY_SERVICE}, backup_name) (backup_last_success_timestamp_seconds)\nor ${BACKUP_LATEST_RECORD}` },
  ];
}

/** The latest success of each backup, kept by the recording group itself (see above). */
export const BACKUP_LATEST_RECORD = 'job:backup_last_success_timestamp_seconds:latest';
/** One series per service that serves HTTP now: a day of it is cheap to look back over. */
export const SERVING_RECORD = 'job:http_server_requests:serving';

/**
 * The recording groups of recording.yml: the 1-minute one the alerts read, and a 10-minute one
 * for the error groups' week-long look-back (1,008 samples a series instead of 10,080: cheaper
 * to query, and within promtool's limit of 10,000 samples a query).
 */
export function recordingGroups(thresholds: Thresholds): RecordingGroup[] {
  return [
    { name: 'node-otel-stack.recording', interval: '1m', rules: recordingRules(thresholds) },
    {
      name: 'node-otel-stack.recording.error-groups',
      interval: ERROR_GROUPS_RECORD_INTERVAL,
      rules: [{ record: ERROR_GROUPS_RECORD, expr: `group by (${BY_SERVICE}, service_version, error_type, error_fingerprint) (app_errors_total{error_fingerprint!="other"})` }],
    },
  ];
}
