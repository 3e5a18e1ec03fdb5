// This project's alerting policy as the generator reads it: prometheus/thresholds.json,
// checked against prometheus/thresholds.schema.json before anything is generated from it.
import { readFileSync } from 'node:fs';
import { assertValidThresholds } from './thresholds-schema.js';

export type Severity = 'critical' | 'warning' | 'info';

/** Multiwindow burn rate: the failure ratio over both windows exceeds factor x the error budget. */
export interface BurnRate {
  readonly factor: number;
  readonly longWindow: string;
  readonly shortWindow: string;
}

/** One row of `alerts`. */
export interface AlertThreshold {
  readonly name: string;
  /** The threshold id the alert implements, when its key in `alerts` is not that id. */
  readonly threshold?: string;
  readonly severity: Severity;
  readonly value?: number;
  readonly for: string;
  /** How far back the rule looks, for alerts about something new or returning ("7d", "24h"). */
  readonly lookback?: string;
  readonly summary: string;
  readonly reason: string;
  readonly burnRate?: BurnRate;
}

export interface Thresholds {
  readonly slo: { readonly availability: number; readonly budgetPeriodDays: number };
  readonly dashboard: {
    readonly errorRatio: { readonly warning: number; readonly degraded: number };
    readonly p95Seconds: { readonly warning: number; readonly degraded: number };
  };
  readonly guards: { readonly minRequestsPer5m: number; readonly minLoginsPer10m: number; readonly minPaymentsPer10m: number };
  /** Where notifications link to: the stack's Grafana, as its users reach it. */
  readonly links: { readonly grafanaUrl: string };
  readonly alerts: Readonly<Record<string, AlertThreshold>>;
}

export const THRESHOLDS_FILE = new URL('../thresholds.json', import.meta.url);

export function loadThresholds(file: URL = THRESHOLDS_FILE): Thresholds {
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  assertValidThresholds(data);
  return data;
}

/**
 * The share of requests allowed to fail. Rounded so that 1 - 0.999 is 0.001 and not
 * 0.0010000000000000009, which would leak into the rules' numbers.
 */
export function errorBudget(thresholds: Thresholds): number {
  return Number((1 - thresholds.slo.availability).toPrecision(6));
}
