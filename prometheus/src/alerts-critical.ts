// The critical alerts (C1-C6 of thresholds.json; C6 is with the error-group alerts): each pages, so each needs users to be
// affected now and a duration that rides out restarts.
import type { AlertRule } from './alert-rule.js';
import { increaseFromZero, requestGuard, serviceRatioDescription } from './alert-building-blocks.js';
import { inWords } from './durations.js';
import { httpErrorRatioRecord, SERVING_RECORD } from './recording-rules.js';
import { BY_SERVICE } from './service-labels.js';

/** Pushed with every metric export of a process that has served HTTP requests. */
const SERVED = 'http_server_request_duration_seconds_count';

/**
 * A health check's dependency name that means a database: one of these words, alone or as a
 * part of the name between `_`, `-` or `.`, numbered or not (`postgres`, `postgres_primary`,
 * `main-db`, `postgres16`, `db2`, `rds`), in any case; `feedback` is not one.
 */
const DATABASE_DEPENDENCIES = namePattern('postgres|postgresql|pg|mysql|mariadb|mongo|mongodb|sqlite|supabase|neon|planetscale|cockroachdb|mssql|sqlserver|rds|aurora|database|db');
/** The same for an authentication service or provider (`auth`, `auth0`, `auth2`, `authservice`, `sso`, `keycloak`). */
const AUTH_DEPENDENCIES = namePattern('auth|authservice|authentication|oauth|sso|login|identity|idp|keycloak|cognito|okta|clerk|firebase-auth|supabase-auth');
/**
 * Client errors that say the database could not be reached at all, as instrumentations report
 * them in error_type: socket error codes, PostgreSQL's connection-exception class (08xxx) and
 * shutdown codes (57P01-57P03), driver error classes named for the connection or the network.
 */
const CONNECTION_ERRORS = '(?i)E(CONNREFUSED|CONNRESET|NOTFOUND|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN|PIPE)|08[0-9A-Z]{3}|57P0[1-3]|.*(connect|network).*';
/** Client connection errors in 5 minutes that count as the database being unreachable. */
const MIN_CONNECTION_ERRORS = 3;
/** Logins in 10 minutes, all failed, that count as the authentication service being down. */
const MIN_FAILED_LOGINS = 10;

function namePattern(words: string): string {
  return `(?i)(.*[_.-])?(${words})[0-9]*([_.-].*)?`;
}

export const CRITICAL_ALERTS = {
  serviceDown: {
    row: 'C1',
    expr: () => 'probe_success{job="blackbox"} == 0',
    description: ({ policy }) => `The health endpoint {{ $labels.instance }} of {{ $labels.service }} has failed every probe for ${inWords(policy.for)}.`,
  },
  serviceTelemetryAbsent: {
    row: 'C1-telemetry',
    // Seen serving requests in the last day but not now: the request histogram is pushed with
    // every export while the process lives, and goes stale 5 minutes after the last push. The
    // page holds while the service stays gone, a day at most (a service removed on purpose
    // stops alerting then; silence it sooner). A process that served no HTTP (a scheduled job,
    // the setup check) ends without an alert.
    expr: () => `group by (${BY_SERVICE}) (max_over_time(${SERVING_RECORD}[1d])) unless group by (${BY_SERVICE}) (${SERVED})`,
    description: () => '{{ $labels.job }} ({{ $labels.deployment_environment_name }}) served requests within the last day and has sent no telemetry for 5 minutes: the process is gone or cannot reach the collector.',
  },
  highErrorRate: {
    row: 'C2',
    pair: 'error_rate',
    valueFormat: 'percent',
    expr: (context) => `${httpErrorRatioRecord('5m')} > ${context.value}\nand ${requestGuard(context)}`,
    description: (context) => serviceRatioDescription('5xx responses are', context),
  },
  databaseUnreachable: {
    row: 'C3',
    // Its health check failing on any instance (one cut off from the database fails every
    // request it gets), or its queries failing to connect: the dependency is then the
    // database system the instrumentation names.
    expr: () => `min by (${BY_SERVICE}, dependency) (app_dependency_up{dependency=~"${DATABASE_DEPENDENCIES}"}) == 0
or max by (${BY_SERVICE}, dependency) (label_replace(sum by (${BY_SERVICE}, db_system_name) (${increaseFromZero(`db_client_operation_duration_seconds_count{error_type=~"${CONNECTION_ERRORS}"}`, '5m')}) >= ${MIN_CONNECTION_ERRORS}, "dependency", "$1", "db_system_name", "(.*)"))`,
    description: ({ policy }) => `{{ $labels.job }} cannot reach its database ({{ $labels.dependency }}): its health check fails, or its queries fail to connect (${MIN_CONNECTION_ERRORS} or more in 5 minutes), for ${inWords(policy.for)}.`,
  },
  paymentFailures: {
    row: 'C4',
    valueFormat: 'percent',
    expr: (context) => `job:app_payment_failure_ratio:increase10m > ${context.value}\nand job:app_payments:increase10m >= ${context.thresholds.guards.minPaymentsPer10m}`,
    description: (context) => serviceRatioDescription('failed payments are', context),
  },
  paymentErrors: {
    row: 'C4-errors',
    valueFormat: 'number',
    // Alertmanager lets this one silence PaymentFailures on the same service: the cause is known.
    expr: ({ value }) => `sum by (${BY_SERVICE}) (${increaseFromZero('app_payments_total{outcome="failure", reason="error"}', '5m')}) >= ${value}`,
    description: ({ valueTemplate }) => `{{ $labels.job }} ({{ $labels.deployment_environment_name }}): ${valueTemplate} payments failed on our side or the processor's in the last 5 minutes (declined cards not counted).`,
  },
  authServiceDown: {
    row: 'C5',
    // Its health check failing on any instance, or every login of the last 10 minutes failing
    // (at least ten of them: one person's mistyped passwords are not an outage).
    expr: () => `min by (${BY_SERVICE}, dependency) (app_dependency_up{dependency=~"${AUTH_DEPENDENCIES}"}) == 0
or label_replace(job:app_user_login_failure_ratio:increase10m == 1 and job:app_user_logins:increase10m >= ${MIN_FAILED_LOGINS}, "dependency", "logins", "", "")`,
    description: ({ policy }) => `{{ $labels.job }} cannot sign anyone in ({{ $labels.dependency }}): its authentication health check fails, or all of ${MIN_FAILED_LOGINS} or more logins in 10 minutes failed, for ${inWords(policy.for)}.`,
  },
} satisfies Record<string, AlertRule>;
