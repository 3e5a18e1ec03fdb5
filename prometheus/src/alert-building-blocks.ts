// Pieces several alerts share: the minimum-traffic guard of the request alerts, the growth of
// a counter counted from zero, and the description of a per-service ratio.
import type { RuleContext } from './alert-rule.js';
import { percentText } from './value-formats.js';

/** Requests in 5 minutes must reach the guard, so that one failure among three requests does not alert. */
export function requestGuard(context: RuleContext): string {
  return `job:http_server_requests:rate5m * 300 >= ${context.thresholds.guards.minRequestsPer5m}`;
}

/** "<job> (<environment>): <what> <value>, above <threshold>." */
export function serviceRatioDescription(what: string, context: RuleContext): string {
  return `{{ $labels.job }} ({{ $labels.deployment_environment_name }}): ${what} ${context.valueTemplate}, above ${percentText(context.value)}.`;
}

/**
 * How much the counters of `selector` grew within `window`, a series that appeared within it
 * counted from zero. The OpenTelemetry SDK creates a counter's series at its first increment
 * and exports no zero before it, and increase() has nothing to compare a series' first sample
 * with: the first 5xx, payment error or sign-up after a start (and every event of a burst that
 * arrives in one export) would go uncounted. A series absent `window` ago counts at its value,
 * but only where its service was reporting then in the same environment (target_info, pushed
 * with every export): after a gap in everything (Prometheus or the collector down), every
 * series looks new, and their totals since the process started are not events of the last
 * minutes. The environment matters: staging reporting on through production's gap does not
 * make production's old totals new.
 */
export function increaseFromZero(selector: string, window: string): string {
  return `((${selector} unless ${selector} offset ${window}) and on (job, deployment_environment_name) group by (job, deployment_environment_name) (target_info offset ${window})
or increase(${selector}[${window}]))`;
}
