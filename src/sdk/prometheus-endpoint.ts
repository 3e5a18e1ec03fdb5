// The Prometheus pull endpoint (OTEL_METRICS_EXPORTER=prometheus). Under `cluster` every
// worker would try to serve its own port; instead the primary serves one endpoint and asks
// each worker for its metrics over the cluster IPC channel, labelling each worker's series
// with `worker` so the merged page has no duplicate series.
import cluster from 'node:cluster';
import http from 'node:http';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { MetricProducer, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { Config } from '../config/types.js';
import { scrubScopeMetrics } from '../scrub/exporters.js';
import type { Scrubber } from '../scrub/scrubber.js';
import { mergeExpositions } from './prometheus-merge.js';

const COLLECT_REQUEST = 'obs:metrics:collect';
const COLLECT_REPLY = 'obs:metrics:reply';
/** A worker that does not answer in time is left out of that scrape rather than stalling it. */
const WORKER_TIMEOUT_MS = 2_000;

interface CollectMessage {
  readonly type: string;
  readonly id: number;
  readonly text?: string;
}

export interface PrometheusEndpoint {
  readonly reader: PrometheusExporter;
  close(): Promise<void>;
}

export interface PrometheusEndpointSources {
  /** The page is served as OTLP is sent: attribute values scrubbed (an e-mail or token an app put in a label). */
  readonly scrubber: Scrubber;
  /** Aggregated outside the SDK's meters (the request duration histogram). */
  readonly metricProducers?: MetricProducer[];
  /** Collected in another thread: the export worker's own metrics (queues, drops, exports). */
  readonly extraMetrics?: (() => Promise<ScopeMetrics[]>) | undefined;
}

export async function startPrometheusEndpoint(
  config: Config,
  warn: (message: string) => void,
  { scrubber, metricProducers = [], extraMetrics }: PrometheusEndpointSources,
): Promise<PrometheusEndpoint> {
  // Loaded only when this exporter is chosen.
  const { PrometheusExporter, PrometheusSerializer } = await import('@opentelemetry/exporter-prometheus');
  // The exporter is used as a reader only; serving is ours so cluster workers can be merged.
  const reader = new PrometheusExporter({ preventServerStart: true, metricProducers });
  const serializer = new PrometheusSerializer();
  const collectOwn = async () => {
    const [{ resourceMetrics }, extra] = await Promise.all([reader.collect(), extraMetrics?.() ?? []]);
    return serializer.serialize({ ...resourceMetrics, scopeMetrics: scrubScopeMetrics([...resourceMetrics.scopeMetrics, ...extra], scrubber) });
  };

  if (cluster.isWorker) {
    const onMessage = (message: CollectMessage) => {
      if (message?.type !== COLLECT_REQUEST) return;
      collectOwn().then(
        (text) => process.send?.({ type: COLLECT_REPLY, id: message.id, text }),
        () => process.send?.({ type: COLLECT_REPLY, id: message.id, text: '' }),
      );
    };
    process.on('message', onMessage);
    return { reader, close: async () => void process.off('message', onMessage) };
  }

  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '/').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the metrics are at GET /metrics\n');
      return;
    }
    collectAll(collectOwn).then(
      (text) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
      (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics collection failed: ${error.message}\n`),
    );
  });
  server.on('error', (error) => warn(`the Prometheus endpoint could not listen on ${config.metrics.prometheusHost}:${config.metrics.prometheusPort}: ${error.message}; metrics are not served`));
  server.listen(config.metrics.prometheusPort, config.metrics.prometheusHost);
  // The endpoint must never keep the application alive on its own.
  server.unref();
  return { reader, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let nextRequestId = 1;

async function collectAll(collectOwn: () => Promise<string>): Promise<string> {
  const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker?.isConnected());
  if (workers.length === 0) return collectOwn();
  const parts = await Promise.all([
    collectOwn().then((text) => ({ worker: 'primary', text })),
    ...workers.map((worker) => askWorker(worker!).then((text) => ({ worker: String(worker!.id), text }))),
  ]);
  return mergeExpositions(parts);
}

function askWorker(worker: NonNullable<typeof cluster.workers>[number] & object): Promise<string> {
  const id = nextRequestId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(''), WORKER_TIMEOUT_MS);
    const onMessage = (message: CollectMessage) => {
      if (message?.type === COLLECT_REPLY && message.id === id) finish(message.text ?? '');
    };
    function finish(text: string) {
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolve(text);
    }
    worker.on('message', onMessage);
    worker.send({ type: COLLECT_REQUEST, id });
  });
}
