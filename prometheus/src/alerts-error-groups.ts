// The error-group alerts (C6, W10 of thresholds.json): what a hosted error tracker notifies,
// from the error groups the application API counts (app_errors_total by fingerprint, one
// app_errors_group series per group with a message sample, app_errors_users). Production
// only (`production`, `prod` or `live`, in any case): a new error in development is the
// developer's own.
import type { AlertRule } from './alert-rule.js';
import { inWords } from './durations.js';
import { BY_SERVICE } from './service-labels.js';

/** The groups of errors recorded every 10 minutes; the 7-day and 24-hour look-backs read it. */
export const ERROR_GROUPS_RECORD = 'group:app_errors:present';
/** How often that record is taken: a 7-day look-back then reads 1,008 samples a series. */
export const ERROR_GROUPS_RECORD_INTERVAL = '10m';
/**
 * The look-backs end this long ago, so that a group's own first records do not count as
 * having been seen before: the alert fires for this long after a group appears, once.
 */
const JUST_NOW = '20m';

const PRODUCTION = 'deployment_environment_name=~"(?i)prod|production|live"';
const GROUP = `${BY_SERVICE}, error_fingerprint`;
const groupsErringNow = `group by (${BY_SERVICE}, service_version, error_type, error_fingerprint) (app_errors_total{${PRODUCTION}, error_fingerprint!="other"})`;

/** A scrubbed sample of the group's message, from its app_errors_group series. */
const MESSAGE_SAMPLE = '{{ with query (printf `max by (error_message) (app_errors_group{error_fingerprint="%s"})` $labels.error_fingerprint) }}{{ (index . 0).Labels.error_message }}{{ end }}';

/** Links to the group's logs (Loki, by fingerprint) and an example trace (Tempo), in the stack's Grafana. */
function links(grafanaUrl: string): string {
  const explore = (pane: string) => `${grafanaUrl}/explore?schemaVersion=1&orgId=1&panes={{ printf \`${pane}\` $labels.service_name $labels.error_fingerprint | urlquery }}`;
  const logs = explore('{"a":{"datasource":"loki","queries":[{"refId":"A","datasource":{"uid":"loki"},"expr":"{service_name=\\"%s\\"} | error_fingerprint=\\"%s\\""}],"range":{"from":"now-24h","to":"now"}}}');
  const traces = explore('{"a":{"datasource":"tempo","queries":[{"refId":"A","datasource":{"uid":"tempo"},"queryType":"traceql","query":"{ resource.service.name = \\"%s\\" && event.error.fingerprint = \\"%s\\" }"}],"range":{"from":"now-24h","to":"now"}}}');
  return `Logs: ${logs} Example trace: ${traces}`;
}

export const ERROR_GROUP_ALERTS = {
  errorAffectsManyUsers: {
    row: 'C6',
    valueFormat: 'number',
    expr: ({ value }) => `sum by (${BY_SERVICE}, error_type, error_fingerprint) (app_errors_users{${PRODUCTION}}) > ${value}`,
    description: ({ valueTemplate, value, thresholds }) =>
      `{{ $labels.job }}: {{ $labels.error_type }} "${MESSAGE_SAMPLE}" (group {{ $labels.error_fingerprint }}) affected ${valueTemplate} users in the last hour, more than ${value}. ${links(thresholds.links.grafanaUrl)}`,
  },
  newErrorGroup: {
    row: 'W10',
    expr: ({ lookback }) => `${groupsErringNow}\nunless on (${GROUP}) max_over_time(${ERROR_GROUPS_RECORD}[${lookback}] offset ${JUST_NOW})`,
    description: ({ lookback, thresholds }) =>
      `{{ $labels.job }} {{ $labels.service_version }}: a new kind of error, {{ $labels.error_type }} "${MESSAGE_SAMPLE}" (group {{ $labels.error_fingerprint }}), not seen in the ${inWords(lookback)} before. ${links(thresholds.links.grafanaUrl)}`,
  },
  errorGroupReturned: {
    row: 'W10-returned',
    expr: ({ lookback: silence, thresholds }) => {
      // Seen before means within the look-back of the new-group alert.
      const history = thresholds.alerts['W10']?.lookback ?? '7d';
      return `${groupsErringNow}
unless on (${GROUP}) max_over_time(${ERROR_GROUPS_RECORD}[${silence}] offset ${JUST_NOW})
and on (${GROUP}) max_over_time(${ERROR_GROUPS_RECORD}[${history}] offset ${silence})
unless on (${GROUP}, service_version) max_over_time(${ERROR_GROUPS_RECORD}[${history}] offset ${JUST_NOW})`;
    },
    description: ({ lookback: silence, thresholds }) =>
      `{{ $labels.job }}: {{ $labels.error_type }} "${MESSAGE_SAMPLE}" (group {{ $labels.error_fingerprint }}) is back in version {{ $labels.service_version }} after ${inWords(silence)} or more without it. ${links(thresholds.links.grafanaUrl)}`,
  },
} satisfies Record<string, AlertRule>;
