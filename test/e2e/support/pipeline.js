// The stack's back half on 127.0.0.1, as both end-to-end suites and `npm run stack`
// (scripts/stack.js) need it: PostgreSQL and its exporter, the alert inbox, Alertmanager, the blackbox
// exporter, Prometheus (its scrape targets mapped to these processes) and the collector
// (exporting traces and logs to what stands in for Tempo and Loki). The tests add a TLS
// endpoint standing in for a public site. The demo shop is the caller's, on `appPort`, where
// prometheus.yml's demo-app probe points.
import { freePort } from '../../support/app-process.js';
import { startInbox } from '../../support/alert-inbox.js';
import { startReceiver } from '../../support/otlp-receiver.js';
import { startAlertmanager } from './alertmanager.js';
import { startBlackbox } from './blackbox.js';
import { startCollector } from './collector.js';
import { namedStart } from './component-process.js';
import { startPostgres, postgresMissing } from './postgres.js';
import { startPostgresExporter } from './postgres-exporter.js';
import { startPrometheus } from './prometheus.js';
import { startTlsEndpoint } from './tls-endpoint.js';

/**
 * @typedef {object} PipelineOptions
 * @property {number} [certDays] start the TLS endpoint standing in for the public site that
 *   prometheus.yml probes, with a certificate this many days long, in place of the
 *   example.com:443 placeholder; without it the placeholder stays, and the job drops it, as
 *   on a fresh compose stack.
 * @property {string} [rulesDir] rule files to load instead of prometheus/rules.
 * @property {{ inbox?: number, alertmanager?: number, blackbox?: number, prometheus?: number,
 *   otlpHttp?: number, otlpGrpc?: number, postgres?: number, app?: number }} [ports] fixed
 *   127.0.0.1 ports (npm run stack); a missing or 0 one is chosen at start.
 * @property {'required' | 'optional'} [postgres] optional: a machine without PostgreSQL gets
 *   the rest, and report.notStarted says why.
 * @property {{ secrets?: Record<string, string>, pagerDutyStandIn?: boolean }} [alerting]
 *   passed to startAlertmanager.
 * @property {() => Promise<{ url: string, close(): Promise<void> }>} [startTraceAndLogBackend]
 *   what the collector's Tempo and Loki exporters send to; by default the tests' OTLP
 *   receiver, which keeps everything for assertions.
 * @property {{ up?(component: string, address: string): void, notStarted?(component: string, reason: string): void }} [report]
 *   told about each component as soon as it is up, or why it was left out.
 */

/** @param {PipelineOptions} options */
export async function startPipeline({ certDays, rulesDir, ports = {}, postgres = 'required', alerting = {}, startTraceAndLogBackend = startReceiver, report = {} } = {}) {
  const up = report.up ?? (() => {});
  const parts = {};
  // Stops what started, newest first; also used when a start fails half way.
  parts.stop = async () => {
    await parts.collector?.stop();
    await parts.prometheus?.stop();
    await parts.blackbox?.stop();
    await parts.alertmanager?.stop();
    await parts.inbox?.stop();
    await parts.postgresExporter?.stop();
    await parts.postgres?.stop();
    await parts.website?.close();
    await parts.standIn?.close();
  };
  try {
    parts.standIn = await startTraceAndLogBackend();
    const missing = postgres === 'optional' ? postgresMissing() : undefined;
    if (missing) report.notStarted?.('PostgreSQL', missing);
    else {
      parts.postgres = await startPostgres({ port: ports.postgres });
      up('PostgreSQL', parts.postgres.url);
      parts.postgresExporter = await namedStart('PostgreSQL exporter', startPostgresExporter({ postgresUrl: parts.postgres.url }));
      up('PostgreSQL exporter', parts.postgresExporter.url);
    }
    if (certDays !== undefined) {
      parts.website = await startTlsEndpoint({ days: certDays });
      up('TLS endpoint', `https://127.0.0.1:${parts.website.port}`);
    }
    // Asked of the OS before the inbox starts: its status page reads this Prometheus.
    const prometheusPort = ports.prometheus || await freePort();
    parts.inbox = await namedStart('Alert inbox', startInbox({ INBOX_PROMETHEUS_URL: `http://127.0.0.1:${prometheusPort}`, ...(ports.inbox ? { INBOX_PORT: String(ports.inbox) } : {}) }));
    up('Alert inbox', parts.inbox.url);
    parts.alertmanager = await startAlertmanager({ inbox: parts.inbox, port: ports.alertmanager, ...alerting });
    up('Alertmanager', parts.alertmanager.url);
    parts.blackbox = await startBlackbox({ port: ports.blackbox });
    up('Blackbox exporter', parts.blackbox.url);
    // Asked of the OS before their processes start, because Prometheus' configuration names
    // them as scrape and probe targets (the collector and the caller's shop start later).
    const [collectorMetricsPort, appPort] = await Promise.all([freePort(), ports.app || freePort()]);
    parts.appPort = appPort;
    const targets = {
      'otel-collector:8888': collectorMetricsPort,
      'blackbox-exporter:9115': parts.blackbox.port,
      'alertmanager:9093': parts.alertmanager.port,
      'demo-app:3000': appPort,
    };
    if (parts.website) targets['example.com:443'] = parts.website.port;
    if (parts.postgresExporter) targets['postgres-exporter:9187'] = parts.postgresExporter.port;
    parts.prometheus = await startPrometheus(targets, { rulesDir, port: prometheusPort });
    up('Prometheus', parts.prometheus.url);
    parts.collector = await startCollector({
      prometheusUrl: parts.prometheus.url, tempoUrl: parts.standIn.url, lokiUrl: parts.standIn.url,
      metricsPort: collectorMetricsPort, otlpHttpPort: ports.otlpHttp, otlpGrpcPort: ports.otlpGrpc, databaseDirectory: parts.postgres?.dataDirectory,
    });
    up('Collector', `${parts.collector.otlpHttpUrl} (OTLP/HTTP), ${parts.collector.otlpGrpcEndpoint} (OTLP/gRPC)`);
    return parts;
  } catch (error) {
    await parts.stop();
    throw error;
  }
}
