// Every dashboard, by the file name Grafana provisions it from (grafana/dashboards/<name>.json).
import { business } from './business.js';
import { dependencies } from './dependencies.js';
import { errors } from './errors.js';
import { pipeline } from './pipeline.js';
import { runtime } from './runtime.js';
import { serviceHealth } from './service-health.js';
import { uptime } from './uptime.js';

export function buildDashboards(): Record<string, unknown> {
  const builders = { 'service-health': serviceHealth(), business: business(), runtime: runtime(), dependencies: dependencies(), errors: errors(), uptime: uptime(), 'telemetry-pipeline': pipeline() };
  return Object.fromEntries(Object.entries(builders).map(([name, builder]) => [name, builder.build()]));
}

/** The file text: stable two-space JSON with a final newline, so diffs stay small. */
export function fileText(dashboard: unknown): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
