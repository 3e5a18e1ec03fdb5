// The generated dashboards as the tests read them (every panel with its queries), and
// Grafana's provisioning files, both as parsed documents.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/app-process.js';

export const DASHBOARDS_DIR = join(REPO_ROOT, 'grafana/dashboards');

/** A provisioning file under grafana/provisioning (`datasources/datasources.yaml`), parsed. */
export function provisioning(path) {
  return parse(readFileSync(join(REPO_ROOT, 'grafana/provisioning', path), 'utf8'));
}

export function committedDashboards() {
  return Object.fromEntries(readdirSync(DASHBOARDS_DIR).filter((name) => name.endsWith('.json'))
    .map((name) => [name.slice(0, -5), JSON.parse(readFileSync(join(DASHBOARDS_DIR, name), 'utf8'))]));
}

/** Panels that show data (rows excluded), each with its dashboard's file name. */
export function panels(dashboards = committedDashboards()) {
  return Object.entries(dashboards).flatMap(([file, dashboard]) => dashboard.panels.filter((panel) => panel.type !== 'row').map((panel) => ({ file, dashboard, panel })));
}

/**
 * A query as Grafana would send it: variables replaced by the given values, Grafana's
 * interval variables by fixed windows.
 */
export function substitute(expr, variables) {
  let text = expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__interval', '15s')
    .replaceAll('$__range', '1h');
  for (const [name, value] of Object.entries(variables)) text = text.replaceAll(`$${name}`, value);
  return text;
}
