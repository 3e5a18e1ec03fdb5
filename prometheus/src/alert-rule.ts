// What an alert is made of: its expression and description, written in code (prometheus/src/
// alerts-*.ts), and its name, severity, numbers and `for`, read from its row of thresholds.json.
import { errorBudget } from './thresholds.js';
import type { AlertThreshold, BurnRate, Thresholds } from './thresholds.js';
import { VALUE_TEMPLATES } from './value-formats.js';
import type { ValueFormat } from './value-formats.js';

/** What an alert's expression and description may use from thresholds.json. */
export interface RuleContext {
  readonly thresholds: Thresholds;
  /** The alert's row of thresholds.json. */
  readonly policy: AlertThreshold;
  /** Its row's `value`; reading it throws for a row that has none. */
  readonly value: number;
  /** Its row's `burnRate`; reading it throws for a row that has none. */
  readonly burnRate: BurnRate;
  /** Its row's `lookback`; reading it throws for a row that has none. */
  readonly lookback: string;
  /** The share of requests the availability objective allows to fail. */
  readonly errorBudget: number;
  /** The Go template that renders $value in the description, in the rule's valueFormat. */
  readonly valueTemplate: string;
}

export interface AlertRule {
  /** The key of the alert's row in thresholds.json `alerts`. */
  readonly row: string;
  /** Alerts of one signal at two severities share this label: Alertmanager lets the critical one silence the warning. */
  readonly pair?: string;
  /** How the description renders $value; absent when it shows none. */
  readonly valueFormat?: ValueFormat;
  readonly expr: (context: RuleContext) => string;
  readonly description: (context: RuleContext) => string;
}

/** An alert as it goes into prometheus/rules/alerts.yml. */
export interface GeneratedAlert {
  readonly rule: AlertRule;
  /** Its row of thresholds.json. */
  readonly policy: AlertThreshold;
  readonly name: string;
  readonly expr: string;
  /** Absent when the alert fires at once ("0m"). */
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook_url: string };
}

export function generateAlert(rule: AlertRule, thresholds: Thresholds): GeneratedAlert {
  const policy = thresholds.alerts[rule.row];
  if (!policy) throw new Error(`prometheus/thresholds.json has no alerts.${rule.row}`);
  const context = ruleContext(rule, policy, thresholds);
  return {
    rule,
    policy,
    name: policy.name,
    expr: rule.expr(context),
    ...(policy.for === '0m' ? {} : { for: policy.for }),
    // The threshold label is the row's key unless the row names the threshold it shares.
    labels: { severity: policy.severity, threshold: policy.threshold ?? rule.row, ...(rule.pair ? { pair: rule.pair } : {}) },
    annotations: { summary: policy.summary, description: rule.description(context), runbook_url: `docs/runbooks/${policy.name}.md` },
  };
}

function ruleContext(rule: AlertRule, policy: AlertThreshold, thresholds: Thresholds): RuleContext {
  const missing = (field: string): Error => new Error(`prometheus/thresholds.json: alerts.${rule.row}.${field} is required by the ${policy.name} rule`);
  return {
    thresholds,
    policy,
    get value() {
      if (policy.value === undefined) throw missing('value');
      return policy.value;
    },
    get burnRate() {
      if (policy.burnRate === undefined) throw missing('burnRate');
      return policy.burnRate;
    },
    get lookback() {
      if (policy.lookback === undefined) throw missing('lookback');
      return policy.lookback;
    },
    errorBudget: errorBudget(thresholds),
    get valueTemplate() {
      if (rule.valueFormat === undefined) throw new Error(`the ${policy.name} rule shows its value but has no valueFormat`);
      return VALUE_TEMPLATES[rule.valueFormat];
    },
  };
}
