// The critical alerts (C1-C6 of thresholds.json; C6 is with the error-group alerts): each pages, so each needs users to be
// affected now and a duration that rides out restarts.
import type { AlertRule } from './alert-rule.js';
import { increaseFromZero, requestGuard, serviceRatioDescription } from './alert-building-blocks.js';
import { inWords } from './durations.js';
import { httpErrorRatioRecord } from './recording-rules.js';
import { BY_SERVICE } from './service-labels.js';

/** Pushed with every metric export of a process that has served HTTP requests. */
const SERVED = 'http_server_request_duration_seconds_count';

/** The dependency names a service's health check uses for its database. */
const DATABASE_DEPENDENCIES = 'postgres|postgresql|mysql|mariadb|mongodb|database|db';

export const CRITICAL_ALERTS = {
  serviceDown: {
    row: 'C1',
    expr: () => 'probe_success{job="blackbox"} == 0',
    description: ({ policy }) => `The health endpoint {{ $labels.instance }} of {{ $labels.service }} has failed every probe for ${inWords(policy.for)}.`,
  },
  serviceTelemetryAbsent: {
    row: 'C1-telemetry',
    // Seen serving requests in the last hour but not now: the request histogram is pushed with
    // every export while the process lives, and goes stale 5 minutes after the last push. A
    // process that served no HTTP (a scheduled job, the setup check) ends without an alert.
    expr: () => `group by (${BY_SERVICE}) (max_over_time(${SERVED}[1h])) unless group by (${BY_SERVICE}) (${SERVED})`,
    description: () => '{{ $labels.job }} ({{ $labels.deployment_environment_name }}) served requests in the last hour and has sent no telemetry for 5 minutes: the process is gone or cannot reach the collector.',
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
    expr: () => `max by (${BY_SERVICE}, dependency) (app_dependency_up{dependency=~"${DATABASE_DEPENDENCIES}"}) == 0`,
    description: ({ policy }) => `{{ $labels.job }} cannot reach its database ({{ $labels.dependency }}): its health check has failed for ${inWords(policy.for)}.`,
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
    expr: () => `max by (${BY_SERVICE}, dependency) (app_dependency_up{dependency="auth"}) == 0`,
    description: ({ policy }) => `{{ $labels.job }} cannot reach the authentication service: its health check has failed for ${inWords(policy.for)}, so nobody can sign in.`,
  },
} satisfies Record<string, AlertRule>;
