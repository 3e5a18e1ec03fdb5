// The generated promtool cases (prometheus/tests/alerts.test.yml): for each alert, it fires
// above its threshold (in each form of its condition), stays silent just below it, under its
// traffic guard and wherever else its scenario says, and stays silent until its `for` has
// passed. Their expected texts are computed from the same rules
// they test; prometheus/tests/handwritten.test.yml holds expectations written by hand.
import type { GeneratedAlert } from './alert-rule.js';
import type { AlertKey, GeneratedAlerts } from './alerts.js';
import { inWords, minutes } from './durations.js';
import type { AlertScenario } from './test-scenario.js';
import { SERVICE_ALERT_SCENARIOS } from './test-scenarios-service.js';
import { ERROR_GROUP_ALERT_SCENARIOS } from './test-scenarios-error-groups.js';
import { PLATFORM_ALERT_SCENARIOS } from './test-scenarios-platform.js';
import { httpRequests } from './test-series.js';
import type { InputSeries } from './test-series.js';
import { formatValue, VALUE_TEMPLATES } from './value-formats.js';

export interface ExpectedAlert {
  readonly exp_labels: Readonly<Record<string, string>>;
  readonly exp_annotations: Readonly<Record<string, string>>;
}

export interface PromtoolTestCase {
  readonly name: string;
  readonly series: readonly InputSeries[];
  readonly evalTime: string;
  readonly alertName: string;
  /** Empty: the alert must not fire at evalTime. */
  readonly expected: readonly ExpectedAlert[];
}

const SCENARIOS: Readonly<Record<AlertKey, AlertScenario>> = { ...SERVICE_ALERT_SCENARIOS, ...PLATFORM_ALERT_SCENARIOS, ...ERROR_GROUP_ALERT_SCENARIOS };

export function promtoolTestCases(alerts: GeneratedAlerts): PromtoolTestCase[] {
  // In the order of alerts.yml.
  const cases = (Object.keys(alerts) as AlertKey[]).flatMap((key) => casesOf(alerts[key], SCENARIOS[key]));
  return [...cases, ...whatMustNotPage(alerts)];
}

function casesOf(alert: GeneratedAlert, scenario: AlertScenario): PromtoolTestCase[] {
  const title = `${alert.labels['threshold']} ${alert.name}`;
  const forMinutes = minutes(alert.policy.for);
  const evalTime = scenario.evalAt ?? `${Math.max(20, forMinutes + 15)}m`;
  const silent = (name: string, series: readonly InputSeries[], at = evalTime): PromtoolTestCase => ({ name, series, evalTime: at, alertName: alert.name, expected: [] });
  const cases: PromtoolTestCase[] = [{ name: `${title} fires above its threshold`, series: scenario.firing, evalTime, alertName: alert.name, expected: [expectedAlert(alert, scenario)] }];
  if (scenario.justBelow) cases.push(silent(`${title} is silent just below its threshold`, scenario.justBelow));
  if (scenario.underTrafficGuard) cases.push(silent(`${title} is silent under the traffic guard: ${scenario.underTrafficGuard.why}`, scenario.underTrafficGuard.series));
  for (const form of scenario.alsoFiring ?? []) {
    const expected = expectedAlert(alert, { ...scenario, firing: form.series, firingValue: form.firingValue, labels: form.labels ?? scenario.labels });
    cases.push({ name: `${title} fires: ${form.why}`, series: form.series, evalTime, alertName: alert.name, expected: [expected] });
  }
  for (const other of scenario.alsoSilent ?? []) cases.push(silent(`${title} is silent: ${other.why}`, other.series));
  // The condition holds from the first minute of the input (rates need two samples), so one
  // minute before `for` has passed the alert is pending, not firing.
  if (forMinutes > 0) cases.push(silent(`${title} waits for its ${alert.policy.for}`, scenario.firing, `${forMinutes - 1}m`));
  return cases;
}

/** The labels and annotations the alert fires with on the scenario's input. */
function expectedAlert(alert: GeneratedAlert, scenario: AlertScenario): ExpectedAlert {
  const labels = { ...alert.labels, ...scenario.labels };
  const { valueFormat } = alert.rule;
  let description = scenario.renderQueries ? scenario.renderQueries(alert.annotations.description, labels) : alert.annotations.description;
  if (valueFormat && scenario.firingValue !== undefined) description = description.replace(VALUE_TEMPLATES[valueFormat], formatValue(valueFormat, scenario.firingValue));
  return { exp_labels: labels, exp_annotations: { ...alert.annotations, description: fillLabels(description, labels) } };
}

/** Fills {{ $labels.x }} the way Prometheus does: a missing label renders empty. */
function fillLabels(template: string, labels: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, name: string) => labels[name] ?? '');
}

/** Two situations the policy says must not page: a short outage and a few percent of 5xx. */
function whatMustNotPage(alerts: GeneratedAlerts): PromtoolTestCase[] {
  const { serviceDown, highErrorRate, elevatedErrorRate } = alerts;
  return [
    {
      name: `A 3-minute outage pages nobody: ${serviceDown.name} waits for ${inWords(serviceDown.policy.for)} (the budget-burn warning covers it)`,
      series: SCENARIOS.errorBudgetBurnFast.firing,
      evalTime: '62m',
      alertName: serviceDown.name,
      expected: [],
    },
    {
      name: `3% of 5xx pages nobody: ${highErrorRate.name} stays silent (${elevatedErrorRate.name} warns)`,
      series: httpRequests(3, 97),
      evalTime: '20m',
      alertName: highErrorRate.name,
      expected: [],
    },
  ];
}
