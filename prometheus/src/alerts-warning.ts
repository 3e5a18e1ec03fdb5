// The warning alerts (W1-W9, W11 and W12 of thresholds.json): they post to chat for a look the same day.
import type { AlertRule } from './alert-rule.js';
import { increaseFromZero, requestGuard, serviceRatioDescription } from './alert-building-blocks.js';
import { inWords } from './durations.js';
import { BACKUP_LATEST_RECORD, httpErrorRatioRecord } from './recording-rules.js';
import { BY_SERVICE } from './service-labels.js';
import { humanize, percentText } from './value-formats.js';

// Over 2 minutes, not 5: with `for: 5m` on top, a 5-minute rate let 8 minutes at a full core
// pass without a warning, where the policy says 5. Two minutes hold 8 exports, enough to
// smooth one late sample.
const cpuUsed = `sum by (${BY_SERVICE}, instance) (rate(process_cpu_time_seconds_total[2m]))`;
const cpuQuota = `max by (${BY_SERVICE}, instance) (container_cpu_limit)`;
const memoryUsed = `max by (${BY_SERVICE}, instance) (process_memory_usage_bytes)`;
const memoryLimit = `max by (${BY_SERVICE}, instance) (container_memory_limit_bytes)`;
/** Each process has its own pools: per instance and pool (the pg instrumentation reports them). */
const BY_POOL = `${BY_SERVICE}, instance, db_client_connection_pool_name`;

export const WARNING_ALERTS = {
  elevatedErrorRate: {
    row: 'W1',
    pair: 'error_rate',
    valueFormat: 'percent',
    expr: (context) => `${httpErrorRatioRecord('5m')} > ${context.value}\nand ${requestGuard(context)}`,
    description: (context) => serviceRatioDescription('5xx responses are', context),
  },
  slowResponses: {
    row: 'W2',
    valueFormat: 'seconds',
    expr: (context) => `job:http_server_request_duration_seconds:p95_5m > ${context.value}\nand ${requestGuard(context)}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} ({{ $labels.deployment_environment_name }}): p95 response time is ${valueTemplate}, above ${value} s.`,
  },
  slowDatabaseQueries: {
    row: 'W3',
    valueFormat: 'seconds',
    // The same minimum as requests: a couple of slow queries in 5 minutes are not a trend.
    expr: (context) => `job:db_client_operation_duration_seconds:p95_5m > ${context.value}\nand job:db_client_operations:rate5m * 300 >= ${context.thresholds.guards.minRequestsPer5m}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} ({{ $labels.deployment_environment_name }}): p95 database operation time is ${valueTemplate}, above ${value} s.`,
  },
  highFailedLoginRate: {
    row: 'W4',
    valueFormat: 'percent',
    expr: (context) => `job:app_user_login_failure_ratio:increase10m > ${context.value}\nand job:app_user_logins:increase10m >= ${context.thresholds.guards.minLoginsPer10m}`,
    description: (context) => serviceRatioDescription('failed logins are', context),
  },
  storageAlmostFull: {
    row: 'W5',
    valueFormat: 'percent',
    // The apps' working directories (system_filesystem_mountpoint, from the preload) and the
    // database's volume (mountpoint, from the collector's hostmetrics, job="postgres").
    expr: ({ value }) => `max by (${BY_SERVICE}, system_filesystem_mountpoint, mountpoint) (system_filesystem_utilization_ratio) > ${value}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }}: the filesystem of {{ $labels.system_filesystem_mountpoint }}{{ $labels.mountpoint }} is ${valueTemplate} full, above ${percentText(value)}.`,
  },
  highCpuUsage: {
    row: 'W6',
    valueFormat: 'percent',
    // CPU seconds per second summed over cpu_mode (user and system), as a share of the
    // container's quota where the preload found one, else of one core.
    expr: ({ value }) => `(\n  ${cpuUsed} / ${cpuQuota}\n  or\n  ${cpuUsed} unless ${cpuQuota}\n) > ${value}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} instance {{ $labels.instance }} uses ${valueTemplate} of its CPU (its container's quota, or one core where none is set), above ${percentText(value)}.`,
  },
  highMemoryUsage: {
    row: 'W7',
    valueFormat: 'number',
    // Only where no memory limit is set: with one, MemoryNearLimit judges the share of it.
    expr: ({ value }) => `${memoryUsed} > ${value}\nunless ${memoryLimit}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} instance {{ $labels.instance }} uses ${valueTemplate}B of memory, above ${humanize(value)}B.`,
  },
  memoryNearLimit: {
    row: 'W7-limit',
    valueFormat: 'percent',
    expr: ({ value }) => `${memoryUsed} / ${memoryLimit} > ${value}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} instance {{ $labels.instance }} uses ${valueTemplate} of its container's memory limit, above ${percentText(value)}.`,
  },
  serverErrorsBurst: {
    row: 'W8',
    valueFormat: 'number',
    // A count, whatever the traffic: below the error-rate alerts' traffic guard it is the only
    // alert that sees failures, and above it a handful of 5xx under 1% is still worth a look.
    // Alertmanager lets ElevatedErrorRate and HighErrorRate silence it on the same service.
    expr: (context) => `sum by (${BY_SERVICE}) (${increaseFromZero('http_server_request_duration_seconds_count{http_response_status_code=~"5.."}', '5m')}) >= ${context.value}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} ({{ $labels.deployment_environment_name }}): ${valueTemplate} server errors (5xx) in the last 5 minutes, ${value} or more.`,
  },
  elevatedResponseTime: {
    row: 'W9',
    valueFormat: 'seconds',
    // Alertmanager lets SlowResponses (W2) silence this one on the same service.
    expr: (context) => `job:http_server_request_duration_seconds:p95_5m > ${context.value}\nand ${requestGuard(context)}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} ({{ $labels.deployment_environment_name }}): p95 response time is ${valueTemplate}, above ${value} s.`,
  },
  databasePoolSaturated: {
    row: 'W11',
    valueFormat: 'percent',
    expr: ({ value }) => `sum by (${BY_POOL}) (db_client_connection_count{db_client_connection_state="used"})\n/ max by (${BY_POOL}) (db_client_connection_max) > ${value}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} instance {{ $labels.instance }}: ${valueTemplate} of the connections of pool {{ $labels.db_client_connection_pool_name }} are in use, above ${percentText(value)}.`,
  },
  databasePoolWaiting: {
    row: 'W11-waiting',
    valueFormat: 'number',
    expr: () => `max by (${BY_POOL}) (db_client_connection_pending_requests) > 0`,
    description: ({ valueTemplate, policy }) => `{{ $labels.job }} instance {{ $labels.instance }}: ${valueTemplate} requests wait for a connection of pool {{ $labels.db_client_connection_pool_name }}, and some have waited at every look for ${inWords(policy.for)}.`,
  },
  databaseConnectionsNearMax: {
    row: 'W11-server',
    valueFormat: 'percent',
    // From the PostgreSQL exporter: every backend of every database against the server's limit.
    expr: ({ value }) => `sum by (${BY_SERVICE}, instance) (pg_stat_activity_count)\n/ max by (${BY_SERVICE}, instance) (pg_settings_max_connections) > ${value}`,
    description: ({ valueTemplate, value }) => `PostgreSQL {{ $labels.instance }} ({{ $labels.job }}): ${valueTemplate} of max_connections are in use, above ${percentText(value)}.`,
  },
  backupMissing: {
    row: 'W12',
    valueFormat: 'hours',
    expr: ({ value }) => `(time() - ${BACKUP_LATEST_RECORD}) / 3600 > ${value}`,
    description: ({ valueTemplate, value }) => `Backup {{ $labels.backup_name }} ({{ $labels.job }}, {{ $labels.deployment_environment_name }}) last succeeded ${valueTemplate} hours ago, more than ${value}.`,
  },
} satisfies Record<string, AlertRule>;
