// Uptime and TLS: the blackbox exporter's probes from outside (prometheus/scrape.yml,
// job "blackbox"): is each health endpoint answering, how fast, how available over the
// range against the 99.9% objective, and how many days each certificate has left.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { COLORS, newDashboard, statPanel, tablePanel, timeSeries, UP_DOWN } from './panels.js';
import { THRESHOLDS, value } from './thresholds.js';

const PROBES = 'job="blackbox"';

export function uptime(): dashboard.DashboardBuilder {
  return newDashboard('node-uptime', 'Uptime and TLS', 'Probes of each service\'s health endpoint and of public TLS certificates, through the blackbox exporter.')
    .withPanel(statPanel({
      title: 'Up now',
      description: 'The last probe of each health endpoint. Failing every probe for 5 minutes pages (ServiceDown).',
      unit: 'none',
      width: 12,
      height: 6,
      queries: [{ expr: `max by (service, instance) (probe_success{${PROBES}, service_name!=""})`, legend: '{{service}} {{instance}}', instant: true }],
      ...UP_DOWN,
      alerts: ['C1'],
    }))
    .withPanel(tablePanel({
      title: 'Availability over the range',
      description: `Share of successful probes over the dashboard range, against the ${THRESHOLDS.slo.availability * 100}% objective.`,
      unit: 'percentunit',
      width: 12,
      height: 6,
      queries: [{ expr: `avg by (service, instance) (avg_over_time(probe_success{${PROBES}}[$__range]))`, legend: '{{service}} {{instance}}', instant: true }],
      steps: [{ value: null, color: COLORS.bad }, { value: THRESHOLDS.slo.availability, color: COLORS.ok }],
      alerts: ['C1', 'X1', 'X2'],
    }))
    .withPanel(timeSeries({
      title: 'Probe success',
      description: '1 when the probe succeeded, 0 when it failed.',
      unit: 'none',
      width: 12,
      min: 0,
      max: 1,
      queries: [{ expr: `max by (service, instance) (probe_success{${PROBES}})`, legend: '{{service}} {{instance}}' }],
      alerts: ['C1'],
    }))
    .withPanel(timeSeries({
      title: 'Probe duration',
      description: 'How long each probe took, from the blackbox exporter to the answer.',
      unit: 's',
      width: 12,
      min: 0,
      queries: [{ expr: `max by (service, instance) (probe_duration_seconds{${PROBES}})`, legend: '{{service}} {{instance}}' }],
    }))
    .withPanel(tablePanel({
      title: 'Days until the certificate expires',
      description: 'For each TLS endpoint probed with the tls_expiry module: days left on the certificate that expires first. Under 30 days, the info alert asks for a renewal.',
      unit: 'd',
      width: 24,
      queries: [{ expr: `min by (service, instance) (probe_ssl_earliest_cert_expiry{${PROBES}} - time()) / 86400`, legend: '{{service}} {{instance}}', instant: true }],
      steps: [{ value: null, color: COLORS.bad }, { value: 7, color: COLORS.warning }, { value: value('I4'), color: COLORS.ok }],
      alerts: ['I4'],
    }));
}
