// Promtool scenarios of the critical and warning alerts. Levels sit clearly on either side of
// each threshold of thresholds.json: a test fails when a rule's number or comparison is wrong.
import type { CRITICAL_ALERTS } from './alerts-critical.js';
import type { WARNING_ALERTS } from './alerts-warning.js';
import { EXAMPLE_SERVICE } from './service-labels.js';
import type { AlertScenario } from './test-scenario.js';
import { counter, dependencyHealth, durationHistogram, gauge, healthProbe, httpRequests, ofExampleService } from './test-series.js';

const payments = (outcome: 'failure' | 'success', perMinute: number) => ({ series: ofExampleService('app_payments_total', `outcome="${outcome}"`), values: counter(perMinute) });
/** Failed logins have no known user: their user_type is "unknown". */
const logins = (outcome: 'failure' | 'success', perMinute: number) => ({
  series: ofExampleService('app_user_logins_total', `outcome="${outcome}", user_type="${outcome === 'failure' ? 'unknown' : 'free'}"`),
  values: counter(perMinute),
});
/** CPU seconds per second (cores), three quarters user and a quarter system time. */
const cpu = (cores: number) => [
  { series: ofExampleService('process_cpu_time_seconds_total', 'instance="i-1", cpu_mode="user"'), values: counter(cores * 60 * 0.75) },
  { series: ofExampleService('process_cpu_time_seconds_total', 'instance="i-1", cpu_mode="system"'), values: counter(cores * 60 * 0.25) },
];
const filesystem = (used: number) => [{ series: ofExampleService('system_filesystem_utilization_ratio', 'instance="i-1", system_filesystem_mountpoint="/app"'), values: gauge(used) }];
const memory = (bytes: number) => [{ series: ofExampleService('process_memory_usage_bytes', 'instance="i-1"'), values: gauge(bytes) }];
/** The container's limits, as the preload reads them from its cgroup. */
const cpuQuota = (cores: number) => [{ series: ofExampleService('container_cpu_limit', 'instance="i-1"'), values: gauge(cores) }];
const memoryLimit = (bytes: number) => [{ series: ofExampleService('container_memory_limit_bytes', 'instance="i-1"'), values: gauge(bytes) }];
const targetInfo = (values: string) => [{ series: ofExampleService('target_info'), values }];

type ServiceAlertKey = keyof typeof CRITICAL_ALERTS | keyof typeof WARNING_ALERTS;

export const SERVICE_ALERT_SCENARIOS: Record<ServiceAlertKey, AlertScenario> = {
  serviceDown: { firing: healthProbe(gauge(0)), justBelow: healthProbe(gauge(1)), labels: { instance: 'http://demo-app:3000/health', service: 'demo-app', job: 'blackbox' } },
  // Reporting for 20 minutes, then nothing: absent once the 5-minute lookback has passed.
  serviceTelemetryAbsent: { firing: targetInfo('1x20 _x70'), justBelow: targetInfo('1x90'), evalAt: '28m', labels: EXAMPLE_SERVICE },
  highErrorRate: {
    firing: httpRequests(6, 94),
    firingValue: 0.06,
    justBelow: httpRequests(4, 96),
    underTrafficGuard: { series: httpRequests(1, 0), why: 'one failing request a minute (5 in 5 minutes) is under the traffic guard' },
    labels: EXAMPLE_SERVICE,
  },
  databaseUnreachable: { firing: dependencyHealth('postgres', 0), justBelow: dependencyHealth('postgres', 1), labels: { ...EXAMPLE_SERVICE, dependency: 'postgres' } },
  paymentFailures: {
    firing: [payments('failure', 3), payments('success', 7)],
    firingValue: 0.3,
    justBelow: [payments('failure', 2), payments('success', 8)],
    underTrafficGuard: { series: [payments('failure', 0.2)], why: 'two failed payments in 10 minutes are under the traffic guard' },
    labels: EXAMPLE_SERVICE,
  },
  authServiceDown: { firing: dependencyHealth('auth', 0), justBelow: dependencyHealth('auth', 1), labels: { ...EXAMPLE_SERVICE, dependency: 'auth' } },
  elevatedErrorRate: {
    firing: httpRequests(3, 197),
    firingValue: 3 / 200,
    justBelow: httpRequests(1, 199),
    underTrafficGuard: { series: httpRequests(1, 0), why: 'a lone failing request is under the traffic guard' },
    labels: EXAMPLE_SERVICE,
  },
  slowResponses: {
    firing: durationHistogram('http_server_request_duration_seconds', 0.1),
    firingValue: 3.5,
    justBelow: durationHistogram('http_server_request_duration_seconds', 0.04),
    labels: EXAMPLE_SERVICE,
  },
  slowDatabaseQueries: {
    firing: durationHistogram('db_client_operation_duration_seconds', 0.1),
    firingValue: 3.5,
    justBelow: durationHistogram('db_client_operation_duration_seconds', 0.04),
    labels: EXAMPLE_SERVICE,
  },
  highFailedLoginRate: {
    firing: [logins('failure', 3), logins('success', 17)],
    firingValue: 3 / 20,
    justBelow: [logins('failure', 2), logins('success', 18)],
    underTrafficGuard: { series: [logins('failure', 0.5)], why: 'five failed logins in 10 minutes are under the traffic guard' },
    labels: EXAMPLE_SERVICE,
  },
  storageAlmostFull: { firing: filesystem(0.85), firingValue: 0.85, justBelow: filesystem(0.79), labels: { ...EXAMPLE_SERVICE, system_filesystem_mountpoint: '/app' } },
  highCpuUsage: {
    firing: cpu(0.9),
    firingValue: 0.9,
    justBelow: cpu(0.75),
    alsoFiring: [{ series: [...cpu(0.45), ...cpuQuota(0.5)], firingValue: 0.9, why: 'with a quota of half a core, 0.45 cores are 90% of it' }],
    alsoSilent: [{ series: [...cpu(0.9), ...cpuQuota(2)], why: 'with a quota of 2 cores, 0.9 cores are 45% of it' }],
    labels: { ...EXAMPLE_SERVICE, instance: 'i-1' },
  },
  highMemoryUsage: {
    firing: memory(450e6),
    firingValue: 450e6,
    justBelow: memory(390e6),
    alsoSilent: [{ series: [...memory(450e6), ...memoryLimit(1e9)], why: 'with a memory limit, the share of the limit is what counts (MemoryNearLimit)' }],
    labels: { ...EXAMPLE_SERVICE, instance: 'i-1' },
  },
  // 460.8 MB of a 512 MB limit is 90%; 390 MB is 76%.
  memoryNearLimit: {
    firing: [...memory(460.8e6), ...memoryLimit(512e6)],
    firingValue: 0.9,
    justBelow: [...memory(390e6), ...memoryLimit(512e6)],
    alsoSilent: [{ series: memory(460.8e6), why: 'without a limit, the fixed threshold applies (HighMemoryUsage)' }],
    labels: { ...EXAMPLE_SERVICE, instance: 'i-1' },
  },
  // 1.2 failures and 0.4 successes a minute: 6 of 8 requests in 5 minutes failed, under the traffic guard.
  serverErrorsBurst: {
    firing: httpRequests(1.2, 0.4),
    firingValue: 6,
    justBelow: httpRequests(0.8, 0.4),
    alsoSilent: [{ series: httpRequests(2, 198), why: 'above the traffic guard, 10 failures among 1,000 requests are 1%, for the error-rate alerts to judge' }],
    labels: EXAMPLE_SERVICE,
  },
  elevatedResponseTime: {
    firing: durationHistogram('http_server_request_duration_seconds', 0.1, 1),
    firingValue: 0.75,
    justBelow: durationHistogram('http_server_request_duration_seconds', 0.04, 1),
    labels: EXAMPLE_SERVICE,
  },
};
