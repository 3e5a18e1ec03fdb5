// The warning alerts (W1-W7 of thresholds.json): they post to chat for a look the same day.
import type { AlertRule } from './alert-rule.js';
import { requestGuard, serviceRatioDescription } from './alert-building-blocks.js';
import { httpErrorRatioRecord } from './recording-rules.js';
import { BY_SERVICE } from './service-labels.js';
import { humanize, percentText } from './value-formats.js';

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
    expr: ({ value }) => `max by (${BY_SERVICE}, system_filesystem_mountpoint) (system_filesystem_utilization_ratio) > ${value}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }}: the filesystem of {{ $labels.system_filesystem_mountpoint }} is ${valueTemplate} full, above ${percentText(value)}.`,
  },
  highCpuUsage: {
    row: 'W6',
    valueFormat: 'percent',
    // Summed over cpu_mode (user and system): the share of one core the process keeps busy.
    expr: ({ value }) => `sum by (${BY_SERVICE}, instance) (rate(process_cpu_time_seconds_total[5m])) > ${value}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} instance {{ $labels.instance }} uses ${valueTemplate} of a CPU core, above ${percentText(value)}.`,
  },
  highMemoryUsage: {
    row: 'W7',
    valueFormat: 'number',
    expr: ({ value }) => `max by (${BY_SERVICE}, instance) (process_memory_usage_bytes) > ${value}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} instance {{ $labels.instance }} uses ${valueTemplate}B of memory, above ${humanize(value)}B.`,
  },
} satisfies Record<string, AlertRule>;
