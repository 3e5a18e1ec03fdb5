// The server behind the grafana-server stand-in (grafana-stand-in.js): it listens where
// Grafana's GF_SERVER_HTTP_ADDR and GF_SERVER_HTTP_PORT say, answers /api/health, and
// reports at /stand-in/report what it was started with, for the stack's test to check.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';

const homepath = process.argv[process.argv.indexOf('--homepath') + 1];
const provisioning = process.env.GF_PATHS_PROVISIONING ?? '';
const read = (file) => (existsSync(join(provisioning, file)) ? readFileSync(join(provisioning, file), 'utf8') : undefined);
const report = {
  homepath,
  homeHasDefaults: existsSync(join(homepath ?? '', 'conf/defaults.ini')),
  datasources: read('datasources/datasources.yaml'),
  dashboardProviders: read('dashboards/dashboards.yaml'),
  settings: Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('GF_'))),
  // Grafana expands it in the data sources file (grafana/provisioning/datasources).
  metricsQueryUrl: process.env.METRICS_QUERY_URL,
};
const dashboardsPath = /path: (\S+)/.exec(report.dashboardProviders ?? '')?.[1];
report.dashboardFiles = dashboardsPath && existsSync(dashboardsPath) ? readdirSync(dashboardsPath).filter((name) => name.endsWith('.json')) : [];

const server = http.createServer((request, response) => {
  if (request.url === '/api/health') return void response.end('{"database":"ok"}');
  if (request.url === '/stand-in/report') return void response.end(JSON.stringify(report));
  response.writeHead(404).end();
});
server.listen(Number(process.env.GF_SERVER_HTTP_PORT), process.env.GF_SERVER_HTTP_ADDR);
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
