// The info alerts (I1-I5 of thresholds.json): they go to the daily digest and interrupt nobody.
import { increaseFromZero } from './alert-building-blocks.js';
import type { AlertRule } from './alert-rule.js';
import { BY_SERVICE } from './service-labels.js';

export const INFO_ALERTS = {
  newSignups: {
    row: 'I1',
    valueFormat: 'number',
    expr: () => `sum by (${BY_SERVICE}) (${increaseFromZero('app_user_signups_total', '1h')}) > 0`,
    description: ({ valueTemplate }) => `{{ $labels.job }}: ${valueTemplate} new sign-ups in the last hour.`,
  },
  subscriptionChanges: {
    row: 'I2',
    valueFormat: 'number',
    expr: () => `sum by (${BY_SERVICE}, change) (${increaseFromZero('app_subscription_changes_total', '1h')}) > 0`,
    description: ({ valueTemplate }) => `{{ $labels.job }}: ${valueTemplate} subscriptions {{ $labels.change }} in the last hour.`,
  },
  newVersionDeployed: {
    row: 'I3',
    // A version that runs now and ran at no time in the day before the last 15 minutes: a
    // restart, a scale from zero or a job's next run after a gap is no deploy.
    expr: () => `group by (${BY_SERVICE}, service_version) (target_info) unless group by (${BY_SERVICE}, service_version) (last_over_time(target_info[1d] offset 15m))`,
    description: () => '{{ $labels.job }} ({{ $labels.deployment_environment_name }}) now runs version {{ $labels.service_version }}.',
  },
  tlsCertificateExpiringSoon: {
    row: 'I4',
    valueFormat: 'days',
    expr: ({ value }) => `(probe_ssl_earliest_cert_expiry{job="blackbox"} - time()) / 86400 < ${value}`,
    description: ({ valueTemplate, value }) => `The TLS certificate of {{ $labels.instance }} ({{ $labels.service }}) expires in ${valueTemplate} days, under ${value}.`,
  },
  securityEventBurst: {
    row: 'I5',
    valueFormat: 'number',
    // Per kind of event: twenty failed logins say something else than twenty CSRF failures.
    expr: ({ value }) => `sum by (${BY_SERVICE}, event) (${increaseFromZero('app_security_events_total', '10m')}) >= ${value}`,
    description: ({ valueTemplate, value }) => `{{ $labels.job }} ({{ $labels.deployment_environment_name }}): ${valueTemplate} security events "{{ $labels.event }}" in the last 10 minutes, ${value} or more.`,
  },
} satisfies Record<string, AlertRule>;
