// The multiwindow burn-rate alerts (X1, X2 of thresholds.json): they watch the availability
// objective's error budget, in requests and in health probes. Each fires when the failure
// ratio over its long window (the budget is really being spent) and over its short window
// (it is still being spent now) both exceed its factor times the budget.
import type { AlertRule, RuleContext } from './alert-rule.js';
import { requestGuard } from './alert-building-blocks.js';
import { inWords } from './durations.js';
import { httpErrorRatioRecord, probeFailureRatioRecord } from './recording-rules.js';
import { percentText } from './value-formats.js';

function burnRateExpr(context: RuleContext): string {
  const { factor, longWindow, shortWindow } = context.burnRate;
  const limit = factor * context.errorBudget;
  return `(
  ${httpErrorRatioRecord(longWindow)} > ${limit} and ${httpErrorRatioRecord(shortWindow)} > ${limit}
  and ${requestGuard(context)}
)
or (${probeFailureRatioRecord(longWindow)} > ${limit} and ${probeFailureRatioRecord(shortWindow)} > ${limit})`;
}

function burnRateDescription(context: RuleContext): string {
  const { factor, longWindow } = context.burnRate;
  const daysToEmpty = Math.round(context.thresholds.slo.budgetPeriodDays / factor);
  return `{{ $labels.job }} {{ $labels.instance }}: ${context.valueTemplate} of requests or probes failed over the last ${inWords(longWindow)}, against a budget of ${percentText(context.errorBudget)}: at this rate the month's budget is gone in ${daysToEmpty} days.`;
}

export const ERROR_BUDGET_ALERTS = {
  errorBudgetBurnFast: { row: 'X1', valueFormat: 'percent', expr: burnRateExpr, description: burnRateDescription },
  errorBudgetBurnSlow: { row: 'X2', valueFormat: 'percent', expr: burnRateExpr, description: burnRateDescription },
} satisfies Record<string, AlertRule>;
