// Disk per queued span in the agent's persistent queue (file_storage/queue), for sizing the
// queue volumes: with every gateway stopped, a fixed number of spans is sent to the agent,
// which keeps them on disk until a gateway is back; the queue directory's allocated size over
// the items its exporters report queued is the cost of one queued item. Each span is queued
// twice on the agent, once per load-balancing exporter (by trace id, by service).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sumOf } from '../../test/e2e/support/scaled-topology.js';
import { startSenders } from './senders.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Bytes a directory's files take on disk (allocated blocks, not apparent sizes). */
function allocatedBytes(directory) {
  let total = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    total += entry.isDirectory() ? allocatedBytes(path) : statSync(path).blocks * 512;
  }
  return total;
}

const queuedItems = (metrics) => ['loadbalancing/by-trace', 'loadbalancing/by-service']
  .reduce((total, exporter) => total + sumOf(metrics, 'otelcol_exporter_queue_size', { exporter }), 0);

export async function measureQueueOnDisk({ agent, gateways, requests, spansPerRequest, requestCount }) {
  for (const gateway of gateways) await gateway.stop();
  const emptyBytes = allocatedBytes(agent.queueDirectory);
  let sent = 0;
  const senders = startSenders({ url: `${agent.url}/v1/traces`, contentType: 'application/x-protobuf', concurrency: 2, next: () => (sent++ < requestCount ? { body: requests.next(), items: spansPerRequest } : null) });
  await senders.finished;
  // The queue writes as it accepts; a moment for the last pages to reach the files.
  await sleep(2_000);
  const queued = queuedItems(await agent.metrics());
  const bytes = allocatedBytes(agent.queueDirectory) - emptyBytes;
  return {
    spansSent: senders.totals.items,
    refusedRequests: senders.totals.refused,
    itemsQueued: queued,
    queueDirectoryGrowthBytes: bytes,
    bytesPerQueuedItem: bytes / queued,
    bytesPerSpanAtAgent: (2 * bytes) / queued,
  };
}
