// Errors: the list of error groups a team works through, as a hosted error tracker shows it.
// Each group (one fingerprint: the same type, message shape and place in the code) with its
// count, the users it affected in the last hour, when it was first and last seen, the release
// it first appeared in, and a sample of its message; errors by release and handled against
// unhandled; links from a group to its logs (Loki, by fingerprint) and to traces carrying it
// (Tempo). The series are the application API's error groups (docs/CONTRACT.md).
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { newServiceDashboard, SERVICE, statPanel, tablePanel, timeSeries } from './panels.js';

const ERRORS = `app_errors_total{${SERVICE}}`;
const GROUP = 'error_type, error_fingerprint';
/** How far back "first seen" looks, at this resolution: as the NewErrorGroup alert does. */
const HISTORY = '7d:10m';
/** The last hour at a finer step: a group younger than one step of HISTORY still shows. */
const RECENT = '1h:1m';

/**
 * An Explore link with one query. The Grafana variables (`${...:percentencode}`) stay literal
 * so that Grafana fills them in for the row clicked; the rest is percent-encoded JSON.
 */
function exploreLink(title: string, datasource: string, queryField: string, queryParts: readonly string[]): { title: string; url: string; targetBlank: boolean } {
  const encode = encodeURIComponent;
  const query = queryParts.map((part) => (part.startsWith('${') ? part : encode(part))).join('');
  const pane = `${encode(`{"a":{"datasource":"${datasource}","queries":[{"refId":"A","datasource":{"uid":"${datasource}"},${queryField}"`)}${query}${encode('"}],"range":{"from":"now-24h","to":"now"}}}')}`;
  return { title, url: `/explore?schemaVersion=1&orgId=1&panes=${pane}`, targetBlank: true };
}

const FINGERPRINT = '${__data.fields.error_fingerprint:percentencode}';

/** From a group's row: its log lines (Loki) and traces whose exception carries it (Tempo). */
const groupLinks: dashboard.DynamicConfigValue = {
  id: 'links',
  value: [
    exploreLink('Logs of this group (Loki)', 'loki', '"expr":', ['{service_name=~\\"', '${service:percentencode}', '\\"} | error_fingerprint=\\"', FINGERPRINT, '\\"']),
    exploreLink('Traces with this group (Tempo)', 'tempo', '"queryType":"traceql","query":', ['{ event.error.fingerprint = \\"', FINGERPRINT, '\\" }']),
  ],
};

export function errors(): dashboard.DashboardBuilder {
  return newServiceDashboard('node-errors', 'Errors', 'Error groups: which errors happen, to how many users, since when and in which release; with links to their logs and traces.')
    .withRow(new dashboard.RowBuilder('Now'))
    .withPanel(statPanel({
      title: 'Errors (range)',
      description: 'Errors captured over the dashboard range, handled and unhandled.',
      unit: 'short',
      width: 6,
      height: 5,
      queries: [{ expr: `sum(increase(${ERRORS}[$__range]))`, instant: true }],
    }))
    .withPanel(statPanel({
      title: 'Error groups (range)',
      description: 'Distinct error groups (fingerprints) seen over the dashboard range.',
      unit: 'short',
      width: 6,
      height: 5,
      queries: [{ expr: `count(count by (error_fingerprint) (increase(${ERRORS}[$__range]) > 0))`, instant: true }],
    }))
    .withPanel(statPanel({
      title: 'Most users affected by one group (1 h)',
      description: 'The most distinct users one error group affected in the last hour. Above 10 pages (ErrorAffectsManyUsers).',
      unit: 'short',
      width: 6,
      height: 5,
      queries: [{ expr: `max(sum by (${GROUP}) (app_errors_users{${SERVICE}}))`, instant: true }],
      steps: [{ value: null, color: 'green' }, { value: 10, color: 'red' }],
      alerts: ['C6'],
    }))
    .withPanel(statPanel({
      title: 'Unhandled errors (range)',
      description: 'Errors no handler caught (the process crashed, or the app reported them as unhandled).',
      unit: 'short',
      width: 6,
      height: 5,
      queries: [{ expr: `sum(increase(app_errors_total{${SERVICE}, handled="false"}[$__range])) or vector(0)`, instant: true }],
      steps: [{ value: null, color: 'green' }, { value: 1, color: 'red' }],
    }))
    .withRow(new dashboard.RowBuilder('Error groups'))
    .withPanel(tablePanel({
      title: 'Error groups',
      description: 'One row per group: type, fingerprint and message sample; errors over the range; users affected in the last hour; first seen (within 7 days) with the release it first appeared in; last seen. A new group in production warns (NewErrorGroup); one back in a new release after a day without it warns too (ErrorGroupReturned). Each fingerprint links to its logs and traces.',
      unit: 'short',
      width: 24,
      height: 10,
      queries: [
        { expr: `sum by (${GROUP}) (increase(${ERRORS}[$__range]))`, legend: 'errors', instant: true },
        { expr: `max by (${GROUP}, error_message) (app_errors_group{${SERVICE}})`, legend: 'sample', instant: true },
        { expr: `sum by (${GROUP}) (app_errors_users{${SERVICE}})`, legend: 'users (1 h)', instant: true },
        // The release of the earliest sighting, and when it was (ms, for the date columns):
        // from the week's 10-minute steps, else (a group newer than the last step) the hour's.
        { expr: `bottomk by (error_fingerprint) (1, min by (${GROUP}, service_version) (${[HISTORY, RECENT].map((window) => `min_over_time(timestamp(group by (${GROUP}, service_version) (${ERRORS}))[${window}])`).join(' or ')})) * 1000`, legend: 'first seen', instant: true },
        { expr: `max by (${GROUP}) (max_over_time(timestamp(increase(${ERRORS}[2m]) > 0)[$__range:1m])) * 1000`, legend: 'last seen', instant: true },
      ],
      alerts: ['C6', 'W10'],
    })
      .overrideByName('error_fingerprint', [groupLinks])
      .overrideByName('Value #D', [{ id: 'unit', value: 'dateTimeAsIso' }, { id: 'displayName', value: 'first seen' }])
      .overrideByName('Value #E', [{ id: 'unit', value: 'dateTimeAsIso' }, { id: 'displayName', value: 'last seen' }])
      .overrideByName('Value #A', [{ id: 'displayName', value: 'errors' }])
      .overrideByName('Value #C', [{ id: 'displayName', value: 'users (1 h)' }])
      .overrideByName('Value #B', [{ id: 'custom.hidden', value: true }]))
    .withRow(new dashboard.RowBuilder('Trends'))
    .withPanel(timeSeries({
      title: 'Errors by release',
      description: 'Errors per second by service version: a release that brings errors stands out.',
      unit: 'short',
      width: 12,
      queries: [{ expr: `sum by (service_version) (rate(${ERRORS}[$__rate_interval]))`, legend: '{{service_version}}' }],
      alerts: ['W10'],
    }))
    .withPanel(timeSeries({
      title: 'Handled and unhandled',
      description: 'Errors per second the app handled (captured and answered) and those that escaped every handler.',
      unit: 'short',
      width: 12,
      stacked: true,
      queries: [{ expr: `sum by (handled) (rate(${ERRORS}[$__rate_interval]))`, legend: 'handled={{handled}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Busiest error groups',
      description: 'The ten error groups with the most errors per second.',
      unit: 'short',
      width: 24,
      queries: [{ expr: `topk(10, sum by (${GROUP}) (rate(${ERRORS}[$__rate_interval])))`, legend: '{{error_type}} {{error_fingerprint}}' }],
    }));
}
