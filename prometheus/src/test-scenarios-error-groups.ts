// Promtool scenarios of the error-group alerts. An error group is a fingerprint of the example
// service's errors; its sample series names it with a message. "Seen before" is played out
// within the test's time: a group that erred in its first minutes, then not for a while.
import type { ERROR_GROUP_ALERTS } from './alerts-error-groups.js';
import { EXAMPLE_SERVICE } from './service-labels.js';
import type { AlertScenario } from './test-scenario.js';
import { gauge, ofExampleService } from './test-series.js';

const FINGERPRINT = '4f1c2a9e7d3b5c80';
const MESSAGE = 'stock for order <n> is negative';
const group = (version: string) => `service_version="${version}", error_type="RangeError", error_fingerprint="${FINGERPRINT}"`;
const errors = (version: string, values: string) => ({ series: ofExampleService('app_errors_total', `${group(version)}, handled="true"`), values });
const sampleFor = (minutes: number) => ({ series: ofExampleService('app_errors_group', `error_type="RangeError", error_fingerprint="${FINGERPRINT}", error_message="${MESSAGE}"`), values: `1x${minutes}` });
const sample = sampleFor(90);
const users = (count: number) => ({ series: ofExampleService('app_errors_users', `instance="i-1", error_type="RangeError", error_fingerprint="${FINGERPRINT}"`), values: gauge(count) });
/** The same group's users counted in another environment of the example service. */
const usersIn = (environment: string, count: number) => ({ series: `app_errors_users{job="demo/shop", service_name="shop", deployment_environment_name="${environment}", instance="i-1", error_type="RangeError", error_fingerprint="${FINGERPRINT}"}`, values: gauge(count) });
const labelsOf = (version: string) => ({ ...EXAMPLE_SERVICE, service_version: version, error_type: 'RangeError', error_fingerprint: FINGERPRINT });

/** Go's url.QueryEscape, which Prometheus' `urlquery` template function is. */
function queryEscape(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(char)) return char;
    return char === ' ' ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/** What the description's query and printf templates render to for the example group. */
function renderQueries(description: string, labels: Readonly<Record<string, string>>): string {
  return description
    .replace(/\{\{ with query [\s\S]*?\{\{ end \}\}/g, MESSAGE)
    .replace(/\{\{ printf `([^`]*)` \$labels\.service_name \$labels\.error_fingerprint \| urlquery \}\}/g, (_, pane: string) => {
      const filled = pane.replace('%s', labels['service_name'] ?? '').replace('%s', labels['error_fingerprint'] ?? '');
      return queryEscape(filled);
    });
}

type ErrorGroupAlertKey = keyof typeof ERROR_GROUP_ALERTS;

export const ERROR_GROUP_ALERT_SCENARIOS: Record<ErrorGroupAlertKey, AlertScenario> = {
  errorAffectsManyUsers: {
    firing: [users(12), sample],
    firingValue: 12,
    justBelow: [users(10), sample],
    alsoFiring: [{ series: [usersIn('prod', 12), sample], firingValue: 12, why: 'production named prod', labels: { ...EXAMPLE_SERVICE, deployment_environment_name: 'prod', error_type: 'RangeError', error_fingerprint: FINGERPRINT } }],
    alsoSilent: [{ series: [usersIn('staging', 40), sample], why: 'testers in staging' }],
    labels: { ...EXAMPLE_SERVICE, error_type: 'RangeError', error_fingerprint: FINGERPRINT },
    renderQueries,
  },
  // Erring from minute 60 on: at 70m nothing was recorded for the group in the week before 50m.
  // Just below: it also erred in the first ten minutes, so it is not new.
  newErrorGroup: {
    firing: [errors('1.4.0', '_x60 1x30'), sample],
    justBelow: [errors('1.4.0', '1x10 _x50 2x30'), sample],
    evalAt: '70m',
    labels: labelsOf('1.4.0'),
    renderQueries,
  },
  // Erred in 1.3.0 in its first ten minutes, silent for 25 hours, back in 1.4.0. Just below:
  // back in 1.3.0, a version it already erred in.
  errorGroupReturned: {
    firing: [errors('1.3.0', '1x10'), errors('1.4.0', '_x1510 1x20'), sampleFor(1530)],
    justBelow: [errors('1.3.0', '1x10 _x1500 1x20'), sampleFor(1530)],
    evalAt: '1520m',
    labels: labelsOf('1.4.0'),
    renderQueries,
  },
};
