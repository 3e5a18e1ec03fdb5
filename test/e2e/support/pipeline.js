// The stack's back half on 127.0.0.1, as both end-to-end suites need it: PostgreSQL, a TLS
// endpoint standing in for a public site, the alert inbox, Alertmanager, the blackbox
// exporter, Prometheus (its scrape targets mapped to these processes) and the collector
// (exporting to an OTLP receiver that stands in for Tempo and Loki). The demo app is the
// suite's own, on `appPort`, where prometheus.yml's demo-app probe points.
import { freePort } from '../../support/app-process.js';
import { startInbox } from '../../support/alert-inbox.js';
import { startReceiver } from '../../support/otlp-receiver.js';
import { startPostgres } from './postgres.js';
import { startAlertmanager, startBlackbox, startCollector, startPrometheus } from './stack.js';
import { startTlsEndpoint } from './tls-endpoint.js';

/**
 * @param {{ certDays: number, rulesDir?: string }} options certDays: the TLS endpoint's
 *   certificate lifetime; rulesDir: rule files to load instead of prometheus/rules.
 */
export async function startPipeline({ certDays, rulesDir }) {
  const parts = {};
  // Stops what started, newest first; also used when a start fails half way.
  parts.stop = async () => {
    parts.collector?.stop();
    parts.prometheus?.stop();
    parts.blackbox?.stop();
    parts.alertmanager?.stop();
    await parts.inbox?.stop();
    await parts.postgres?.stop();
    await parts.website?.close();
    await parts.standIn?.close();
  };
  try {
    parts.standIn = await startReceiver();
    parts.postgres = await startPostgres();
    parts.website = await startTlsEndpoint({ days: certDays });
    parts.inbox = await startInbox();
    parts.alertmanager = await startAlertmanager({ inbox: parts.inbox });
    parts.blackbox = await startBlackbox();
    const [collectorMetricsPort, appPort] = await Promise.all([freePort(), freePort()]);
    parts.appPort = appPort;
    parts.prometheus = await startPrometheus({
      'otel-collector:8888': collectorMetricsPort,
      'blackbox-exporter:9115': parts.blackbox.port,
      'alertmanager:9093': parts.alertmanager.port,
      'demo-app:3000': appPort,
      'example.com:443': parts.website.port,
    }, { rulesDir });
    parts.collector = await startCollector({ prometheusUrl: parts.prometheus.url, tempoUrl: parts.standIn.url, lokiUrl: parts.standIn.url, metricsPort: collectorMetricsPort });
    return parts;
  } catch (error) {
    await parts.stop();
    throw error;
  }
}
