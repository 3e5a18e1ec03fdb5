// Pieces several alerts share: the minimum-traffic guard of the request alerts and the
// description of a per-service ratio.
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
