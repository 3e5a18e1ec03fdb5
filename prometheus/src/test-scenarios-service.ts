// Promtool scenarios of the critical and warning alerts. Levels sit clearly on either side of
// each threshold of thresholds.json: a test fails when a rule's number or comparison is wrong.
import type { CRITICAL_ALERTS } from './alerts-critical.js';
import type { WARNING_ALERTS } from './alerts-warning.js';
import { EXAMPLE_SERVICE } from './service-labels.js';
import type { AlertScenario } from './test-scenario.js';
import { counter, createdAt, databaseErrors, dependencyHealth, dependencyHealthOf, durationHistogram, firstFailuresFrom, gauge, healthProbe, httpRequests, ofExampleService } from './test-series.js';

/** Failures are declines unless a reason is given. */
const payments = (outcome: 'failure' | 'success', perMinute: number, reason = 'declined') => ({
  series: ofExampleService('app_payments_total', outcome === 'failure' ? `outcome="failure", reason="${reason}"` : 'outcome="success"'),
  values: counter(perMinute),
});
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
/** Idle until minute 12, then a full core (user time) through the evaluation at 20m. */
const fullCoreFromMinute12 = [{ series: ofExampleService('process_cpu_time_seconds_total', 'instance="i-1", cpu_mode="user"'), values: '0x12 60+60x78' }];
/** The database's volume as hostmetrics/database reports it: job postgres, `mountpoint`. */
const databaseVolume = (used: number) => [{ series: 'system_filesystem_utilization_ratio{job="postgres", service_name="postgres", deployment_environment_name="production", device="/dev/vdb", mode="ro", mountpoint="/var/lib/postgresql/data", type="ext4"}', values: gauge(used) }];
const filesystem = (used: number) => [{ series: ofExampleService('system_filesystem_utilization_ratio', 'instance="i-1", system_filesystem_mountpoint="/app"'), values: gauge(used) }];
const memory = (bytes: number) => [{ series: ofExampleService('process_memory_usage_bytes', 'instance="i-1"'), values: gauge(bytes) }];
/** The container's limits, as the preload reads them from its cgroup. */
const cpuQuota = (cores: number) => [{ series: ofExampleService('container_cpu_limit', 'instance="i-1"'), values: gauge(cores) }];
const memoryLimit = (bytes: number) => [{ series: ofExampleService('container_memory_limit_bytes', 'instance="i-1"'), values: gauge(bytes) }];
/** A pg pool of one process: connections used and idle, its maximum, requests waiting. */
const pool = (used: number, max: number, waiting = 0) => {
  const labels = (extra: string) => `instance="i-1", db_client_connection_pool_name="postgresql://db:5432/shop"${extra}`;
  return [
    { series: ofExampleService('db_client_connection_count', labels(', db_client_connection_state="used"')), values: gauge(used) },
    { series: ofExampleService('db_client_connection_count', labels(', db_client_connection_state="idle"')), values: gauge(max - used) },
    { series: ofExampleService('db_client_connection_max', labels('')), values: gauge(max) },
    { series: ofExampleService('db_client_connection_pending_requests', labels('')), values: gauge(waiting) },
  ];
};
/** A backup that reported success at the given minutes (the value: that time in seconds). */
const backupSucceededAt = (...minutes: number[]) => {
  const values: string[] = [];
  let next = 0;
  for (const minute of minutes) {
    if (minute > next) values.push(`_x${minute - next}`);
    values.push(String(minute * 60));
    next = minute + 1;
  }
  values.push('_x120');
  return [{ series: 'backup_last_success_timestamp_seconds{job="backups", service_name="backups", deployment_environment_name="production", backup_name="postgres-nightly"}', values: values.join(' ') }];
};
const backupLabels = { job: 'backups', service_name: 'backups', deployment_environment_name: 'production', backup_name: 'postgres-nightly' };
/** The PostgreSQL exporter's view: connections by state over two databases, and the limit. */
const serverConnections = (active: number, idle: number, max = 100) => {
  const labels = (extra: string) => `job="postgres", service_name="postgres", deployment_environment_name="production", instance="postgres-exporter:9187", server="postgres:5432"${extra}`;
  return [
    { series: `pg_stat_activity_count{${labels(', datname="shop", state="active"')}}`, values: gauge(active) },
    { series: `pg_stat_activity_count{${labels(', datname="shop", state="idle"')}}`, values: gauge(idle) },
    { series: `pg_stat_activity_count{${labels(', datname="postgres", state="idle"')}}`, values: gauge(1) },
    { series: `pg_settings_max_connections{${labels('')}}`, values: gauge(max) },
  ];
};
const postgresLabels = { job: 'postgres', service_name: 'postgres', deployment_environment_name: 'production', instance: 'postgres-exporter:9187' };
const poolLabels = { ...EXAMPLE_SERVICE, instance: 'i-1', db_client_connection_pool_name: 'postgresql://db:5432/shop' };
const targetInfo = (values: string) => [{ series: ofExampleService('target_info'), values }];
/** The service's counters and resource seen again at `minute` after a gap, with 40 old failures. */
const gapUntil = (minute: number) => [
  { series: ofExampleService('http_server_request_duration_seconds_count', 'http_route="/api/items", http_response_status_code="500"'), values: `_x${minute} 40x${90 - minute}` },
  { series: ofExampleService('http_server_request_duration_seconds_count', 'http_route="/api/items", http_response_status_code="200"'), values: `_x${minute} 900x${90 - minute}` },
  ...targetInfo(`_x${minute} 1x${90 - minute}`),
];
/** The example service's staging deployment, reporting all along. */
const stagingReporting = { series: 'target_info{job="demo/shop", service_name="shop", deployment_environment_name="staging"}', values: gauge(1) };
const served = (values: string) => [{ series: ofExampleService('http_server_request_duration_seconds_count', 'http_route="/api/items", http_response_status_code="200"'), values }];

type ServiceAlertKey = keyof typeof CRITICAL_ALERTS | keyof typeof WARNING_ALERTS;

export const SERVICE_ALERT_SCENARIOS: Record<ServiceAlertKey, AlertScenario> = {
  serviceDown: { firing: healthProbe(gauge(0)), justBelow: healthProbe(gauge(1)), labels: { instance: 'http://demo-app:3000/health', service: 'demo-app', job: 'blackbox' } },
  // Serving for 20 minutes, then nothing: absent once the 5-minute lookback has passed.
  // Gone at minute 20 and still gone 80 minutes later: the page holds until the service is
  // back (or for a day, when it was removed on purpose).
  serviceTelemetryAbsent: {
    firing: served('0+10x20 _x90'),
    justBelow: served('0+10x110'),
    alsoSilent: [{ series: targetInfo('1x20 _x90'), why: 'a job that reported for 20 minutes and ended served no requests' }],
    evalAt: '100m',
    labels: EXAMPLE_SERVICE,
  },
  highErrorRate: {
    firing: httpRequests(6, 94),
    firingValue: 0.06,
    justBelow: httpRequests(4, 96),
    underTrafficGuard: { series: httpRequests(1, 0), why: 'one failing request a minute (5 in 5 minutes) is under the traffic guard' },
    labels: EXAMPLE_SERVICE,
  },
  databaseUnreachable: {
    firing: dependencyHealth('postgres', 0),
    justBelow: dependencyHealth('postgres', 1),
    alsoFiring: [
      { series: dependencyHealth('postgres_primary', 0), why: 'a database named as the team likes', labels: { ...EXAMPLE_SERVICE, dependency: 'postgres_primary' } },
      { series: dependencyHealth('supabase', 0), why: 'a hosted database', labels: { ...EXAMPLE_SERVICE, dependency: 'supabase' } },
      { series: dependencyHealth('postgres16', 0), why: 'a database named with its version', labels: { ...EXAMPLE_SERVICE, dependency: 'postgres16' } },
      { series: dependencyHealth('rds', 0), why: 'a managed database by its service name', labels: { ...EXAMPLE_SERVICE, dependency: 'rds' } },
      {
        series: [...dependencyHealthOf('i-1', 'postgres', 1), ...dependencyHealthOf('i-2', 'postgres', 0)],
        why: 'one instance of two cut off from the database',
        labels: { ...EXAMPLE_SERVICE, dependency: 'postgres' },
      },
      { series: databaseErrors('ECONNREFUSED', 2), why: 'queries failing to connect, with no health check', labels: { ...EXAMPLE_SERVICE, dependency: 'postgresql' } },
      { series: createdAt('db_client_operation_duration_seconds_count', 'db_system_name="postgresql", error_type="ECONNREFUSED"', 15, 5, 2), why: 'connection errors on a series the first of them created', labels: { ...EXAMPLE_SERVICE, dependency: 'postgresql' } },
    ],
    alsoSilent: [
      { series: dependencyHealth('feedback', 0), why: 'a dependency that only contains the letters db' },
      { series: databaseErrors('ECONNREFUSED', 0.2), why: 'one connection error in 5 minutes' },
      { series: databaseErrors('23505', 2), why: 'queries failing on a constraint, not on the connection' },
    ],
    labels: { ...EXAMPLE_SERVICE, dependency: 'postgres' },
  },
  paymentFailures: {
    firing: [payments('failure', 2), payments('success', 8)],
    firingValue: 0.2,
    justBelow: [payments('failure', 1), payments('success', 9)],
    underTrafficGuard: { series: [payments('failure', 0.2)], why: 'two failed payments in 10 minutes are under the traffic guard' },
    alsoFiring: [{ series: [payments('failure', 1, 'declined'), payments('failure', 1, 'error'), payments('success', 8)], firingValue: 0.2, why: 'declines and errors together' }],
    labels: EXAMPLE_SERVICE,
  },
  // One processor error a minute: 5 in every 5-minute window; one every two minutes is 2.5.
  paymentErrors: {
    firing: [payments('failure', 1, 'error'), payments('success', 50)],
    firingValue: 5,
    justBelow: [payments('failure', 0.5, 'error'), payments('success', 50)],
    alsoSilent: [{ series: [payments('failure', 5, 'declined'), payments('success', 50)], why: 'declined cards are not errors of ours' }],
    // From minute 15, on a series created by the first error: 3 at once, then one a minute.
    alsoFiring: [{ series: [...createdAt('app_payments_total', 'outcome="failure", reason="error"', 15, 3), payments('success', 50)], firingValue: 5, why: 'errors on a series the first of them created' }],
    labels: EXAMPLE_SERVICE,
  },
  authServiceDown: {
    firing: dependencyHealth('auth', 0),
    justBelow: dependencyHealth('auth', 1),
    alsoFiring: [
      { series: dependencyHealth('auth0', 0), why: 'an authentication provider by name', labels: { ...EXAMPLE_SERVICE, dependency: 'auth0' } },
      { series: dependencyHealth('auth2', 0), why: 'a numbered authentication service', labels: { ...EXAMPLE_SERVICE, dependency: 'auth2' } },
      { series: dependencyHealth('authservice', 0), why: 'the authentication service in one word', labels: { ...EXAMPLE_SERVICE, dependency: 'authservice' } },
      { series: [...dependencyHealthOf('i-1', 'auth', 1), ...dependencyHealthOf('i-2', 'auth', 0)], why: 'one instance of two cut off from it', labels: { ...EXAMPLE_SERVICE, dependency: 'auth' } },
      { series: [logins('failure', 3), logins('success', 0)], why: 'every login of the last 10 minutes failing', labels: { ...EXAMPLE_SERVICE, dependency: 'logins' } },
    ],
    alsoSilent: [
      { series: [logins('failure', 0.5), logins('success', 0)], why: 'five failed logins in 10 minutes: one person mistyping' },
      { series: [logins('failure', 3), logins('success', 0.2)], why: 'logins failing but some succeeding' },
    ],
    labels: { ...EXAMPLE_SERVICE, dependency: 'auth' },
  },
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
  storageAlmostFull: {
    firing: filesystem(0.85),
    firingValue: 0.85,
    justBelow: filesystem(0.79),
    alsoFiring: [{
      series: databaseVolume(0.9),
      firingValue: 0.9,
      why: 'the database\'s volume, as the collector measures it',
      labels: { job: 'postgres', service_name: 'postgres', deployment_environment_name: 'production', mountpoint: '/var/lib/postgresql/data' },
    }],
    labels: { ...EXAMPLE_SERVICE, system_filesystem_mountpoint: '/app' },
  },
  highCpuUsage: {
    firing: cpu(0.9),
    firingValue: 0.9,
    justBelow: cpu(0.75),
    alsoFiring: [
      { series: [...cpu(0.45), ...cpuQuota(0.5)], firingValue: 0.9, why: 'with a quota of half a core, 0.45 cores are 90% of it' },
      { series: fullCoreFromMinute12, firingValue: 1, why: 'a full core for the last 8 minutes: above 80% for more than 5' },
    ],
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
    alsoSilent: [
      { series: httpRequests(0.8, 198), why: '4 failures among 1,000 requests: a busy service, still under the count' },
      // Nothing from the service before minute 17 (Prometheus or the collector down): the 40
      // failures it counted since it started are not failures of the last 5 minutes.
      { series: gapUntil(17), why: 'a total seen again after a gap in all of the service\'s telemetry' },
      { series: [...gapUntil(17), stagingReporting], why: 'the same after a gap in production, while staging of the same job reported on' },
    ],
    // The SDK creates the 5xx series at the first failure: no zero before it.
    alsoFiring: [
      { series: firstFailuresFrom(17, 6), firingValue: 9, why: 'the first 5xx of a process, on a series that did not exist before' },
      // 0.5%: no error-rate alert fires, and the count is still 5 or more.
      { series: httpRequests(1, 199), firingValue: 5, why: 'a busy service: 5 failures among 1,000 requests, a share below 1%' },
    ],
    labels: EXAMPLE_SERVICE,
  },
  elevatedResponseTime: {
    firing: durationHistogram('http_server_request_duration_seconds', 0.1, 1),
    firingValue: 0.75,
    justBelow: durationHistogram('http_server_request_duration_seconds', 0.04, 1),
    labels: EXAMPLE_SERVICE,
  },
  databasePoolSaturated: { firing: pool(9, 10), firingValue: 0.9, justBelow: pool(7, 10), labels: poolLabels },
  databasePoolWaiting: { firing: pool(10, 10, 4), firingValue: 4, justBelow: pool(10, 10, 0), labels: poolLabels },
  // Evaluated at 26 h 40 min: the success at minute 0 is 26.7 hours old, one at 25 h is 1.7.
  backupMissing: { firing: backupSucceededAt(0), firingValue: 1600 / 60, justBelow: backupSucceededAt(0, 1500), evalAt: '1600m', labels: backupLabels },
  // 60 active, 29 idle and 1 more: 90 of 100; 70 in all is 70%.
  databaseConnectionsNearMax: { firing: serverConnections(60, 29), firingValue: 0.9, justBelow: serverConnections(40, 29), labels: postgresLabels },
};
