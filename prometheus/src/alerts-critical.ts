// The critical alerts (C1-C5 of thresholds.json): each pages, so each needs users to be
// affected now and a duration that rides out restarts.
import type { AlertRule } from './alert-rule.js';
import { requestGuard, serviceRatioDescription } from './alert-building-blocks.js';
import { inWords } from './durations.js';
import { httpErrorRatioRecord } from './recording-rules.js';
import { BY_SERVICE } from './service-labels.js';

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
    // Seen in the last hour but not now: target_info goes stale 5 minutes after the last push.
    expr: () => `group by (${BY_SERVICE}) (max_over_time(target_info[1h])) unless group by (${BY_SERVICE}) (target_info)`,
    description: () => '{{ $labels.job }} ({{ $labels.deployment_environment_name }}) has sent no telemetry for 5 minutes: the process is gone or cannot reach the collector.',
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
  authServiceDown: {
    row: 'C5',
    expr: () => `max by (${BY_SERVICE}, dependency) (app_dependency_up{dependency="auth"}) == 0`,
    description: ({ policy }) => `{{ $labels.job }} cannot reach the authentication service: its health check has failed for ${inWords(policy.for)}, so nobody can sign in.`,
  },
} satisfies Record<string, AlertRule>;
