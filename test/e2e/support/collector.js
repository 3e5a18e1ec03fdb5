// The collector built from otel-collector/builder-config.yaml as a process on 127.0.0.1, with
// otel-collector/config.yaml as compose mounts it: every address in that file comes from an
// environment variable, set here to 127.0.0.1 ports. The OTLP receivers bind the ports they
// are given, or ones the OS picks (port 0) and the collector reports in its "Starting ...
// server" log lines; the health check extension gets port 0 too (nothing reads it: the
// collector's "Everything is ready" line is the readiness signal here).
import { spawnSync } from 'node:child_process';
import { freePort } from '../../support/app-process.js';
import { hostCommand } from '../../support/compose.js';
import { binary } from './binaries.js';
import { startProcess, waitForOutput } from './component-process.js';

const endpointOf = (server) => new RegExp(`Starting ${server} server\\t.*?"endpoint": "127\\.0\\.0\\.1:(\\d+)"`);

/**
 * @param {{ prometheusUrl: string, tempoUrl: string, lokiUrl: string, metricsPort?: number,
 *   otlpHttpPort?: number, otlpGrpcPort?: number, databaseDirectory?: string }} options
 *   metricsPort: where it serves its own metrics (Prometheus' scrape target); the OTLP ports:
 *   fixed (npm run stack), 0 or none for any free ones; databaseDirectory: PostgreSQL's data,
 *   whose filesystem hostmetrics/database measures (compose mounts the volume itself).
 */
export async function startCollector({ prometheusUrl, tempoUrl, lokiUrl, metricsPort, otlpHttpPort = 0, otlpGrpcPort = 0, databaseDirectory }) {
  // Not port 0: Prometheus' configuration, written before the collector starts, names this
  // port as a scrape target, so the caller asks the OS for one first (or it is done here).
  const metrics = metricsPort || await freePort();
  const collector = startProcess('Collector', binary('otelcol-stack'), hostCommand('otel-collector'), {
    env: {
      OTELCOL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${otlpHttpPort}`,
      OTELCOL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${otlpGrpcPort}`,
      OTELCOL_HEALTH_ENDPOINT: '127.0.0.1:0',
      OTELCOL_METRICS_HOST: '127.0.0.1',
      OTELCOL_METRICS_PORT: String(metrics),
      OTELCOL_PROMETHEUS_OTLP_ENDPOINT: `${prometheusUrl}/api/v1/otlp`,
      OTELCOL_TEMPO_OTLP_ENDPOINT: tempoUrl,
      OTELCOL_LOKI_OTLP_ENDPOINT: lokiUrl,
      ...(databaseDirectory ? { OTELCOL_DATABASE_VOLUME: mountPointOf(databaseDirectory) } : {}),
    },
  });
  await waitForOutput(collector, /Everything is ready\. Begin running and processing data\./, 'the collector to be ready');
  const [, httpPort] = endpointOf('HTTP').exec(collector.output());
  const [, grpcPort] = endpointOf('GRPC').exec(collector.output());
  return { ...collector, otlpHttpUrl: `http://127.0.0.1:${httpPort}`, otlpGrpcEndpoint: `127.0.0.1:${grpcPort}`, metricsPort: metrics };
}

/** The mount point of the filesystem a directory is on (`stat -c %m`). */
function mountPointOf(directory) {
  const result = spawnSync('stat', ['-c', '%m', directory], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`stat -c %m ${directory}: ${result.stderr}`);
  return result.stdout.trim();
}
