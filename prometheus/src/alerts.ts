// Every alert, in the order of prometheus/rules/alerts.yml and docs/alerts.md, by a name that
// says what it watches (alerts.highErrorRate, alerts.watchdog...).
import { generateAlert } from './alert-rule.js';
import type { GeneratedAlert } from './alert-rule.js';
import { CRITICAL_ALERTS } from './alerts-critical.js';
import { ERROR_BUDGET_ALERTS } from './alerts-error-budget.js';
import { ERROR_GROUP_ALERTS } from './alerts-error-groups.js';
import { INFO_ALERTS } from './alerts-info.js';
import { STACK_HEALTH_ALERTS } from './alerts-stack-health.js';
import { WARNING_ALERTS } from './alerts-warning.js';
import type { Thresholds } from './thresholds.js';

export const ALERTS = { ...CRITICAL_ALERTS, ...WARNING_ALERTS, ...INFO_ALERTS, ...ERROR_GROUP_ALERTS, ...ERROR_BUDGET_ALERTS, ...STACK_HEALTH_ALERTS };

export type AlertKey = keyof typeof ALERTS;

export type GeneratedAlerts = Readonly<Record<AlertKey, GeneratedAlert>>;

/** Every alert with its row of thresholds.json; a row without a rule, or a rule without a row, is an error. */
export function generateAlerts(thresholds: Thresholds): GeneratedAlerts {
  const rows = new Set(Object.values(ALERTS).map((rule) => rule.row));
  const orphans = Object.keys(thresholds.alerts).filter((row) => !rows.has(row));
  if (orphans.length > 0) throw new Error(`prometheus/thresholds.json: alerts.${orphans.join(', alerts.')} has no rule in prometheus/src/alerts-*.ts`);
  const entries = Object.entries(ALERTS).map(([key, rule]) => [key, generateAlert(rule, thresholds)] as const);
  return Object.fromEntries(entries) as Record<AlertKey, GeneratedAlert>;
}
