// The one table of numbers (prometheus/thresholds.json): alert rules, docs and these
// dashboards read it, so a colour step can never disagree with the alert it foreshadows.
import { readFileSync } from 'node:fs';

interface AlertThreshold {
  readonly name: string;
  readonly severity: 'critical' | 'warning' | 'info';
  readonly value?: number;
  readonly summary: string;
}

interface Thresholds {
  readonly slo: { readonly availability: number };
  readonly dashboard: {
    readonly errorRatio: { readonly warning: number; readonly degraded: number };
    readonly p95Seconds: { readonly warning: number; readonly degraded: number };
  };
  readonly alerts: Readonly<Record<string, AlertThreshold>>;
}

export const THRESHOLDS: Thresholds = JSON.parse(readFileSync(new URL('../../prometheus/thresholds.json', import.meta.url), 'utf8'));

/** An alert by its id in the table (C2, W6...). */
export function alert(id: string): AlertThreshold {
  const found = THRESHOLDS.alerts[id];
  if (!found) throw new Error(`prometheus/thresholds.json has no alert ${id}`);
  return found;
}

/** The numeric threshold of an alert; a dashboard step built from an alert without one is a bug. */
export function value(id: string): number {
  const found = alert(id).value;
  if (found === undefined) throw new Error(`alert ${id} has no value in prometheus/thresholds.json`);
  return found;
}
