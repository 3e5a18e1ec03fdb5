// The capacity benchmark's results as plain tables (bench/scaled-results.json holds every
// figure; this is what a person reads at the end of the run). Runnable on its own to show
// the committed results again: node bench/scaled/print-results.js
import { readFileSync } from 'node:fs';

const whole = (value) => Math.round(value).toLocaleString('en-US');
const cores = (value) => value.toFixed(2);
const percent = (value) => `${(100 * value).toFixed(1)}%`;

function table(header, rows) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function printResults({ date, environment, collectors: c, receivers: r, runSeconds }) {
  const out = [];
  out.push(`Scaled topology capacity, ${date.slice(0, 10)}: ${environment.cpus} × ${environment.cpuModel}, Node ${environment.node}, collector ${environment.collector}, Thanos ${environment.thanos}; run ${Math.round(runSeconds)} s.`);
  out.push('', `Collectors: ${c.encoding} into the agent, ${c.spansPerRequest} spans a request, ${c.concurrency} senders, ${Math.round(c.windowSeconds)} s window.`);
  const memory = ({ peakMemory: m }) => [`${whole(m.rssMiB)} MiB`, `${whole(m.heapAllocMiB)} MiB`];
  out.push(table(['process', 'spans/s', 'cores', 'spans/s per core', 'peak RSS', 'peak Go heap'], [
    ['agent', whole(c.agent.spansPerSecond), cores(c.agent.cores), whole(c.agent.spansPerSecondPerCore), ...memory(c.agent)],
    ...Object.entries(c.gateways).map(([name, g]) => [name, whole(g.spansPerSecond), cores(g.cores), whole(g.spansPerSecondPerCore), ...memory(g)]),
    ['gateway tier (both)', whole(c.gatewayTier.spansPerSecond), cores(c.gatewayTier.cores), whole(c.gatewayTier.spansPerSecondPerCore), '', ''],
    ['load generator', whole(c.loadGenerator.spansPerSecond), cores(c.loadGenerator.cores), '', '', ''],
    ['backend sink', '', cores(c.sinkCores), '', '', ''],
    ['rest of the machine', '', cores(c.otherCores), '', '', ''],
  ]));
  out.push(
    '(gateway spans/s: application spans; each reaches the gateway tier twice, by trace id and by service)',
    `Queue growth over the window (items): ${JSON.stringify(c.queueGrowth)}.`,
    `Tail sampling sent ${percent(c.sampling.tempoShare)} of spans to Tempo (policies expect ${percent(c.sampling.expectedTempoShare)}).`,
    `Delivery: ${whole(c.delivery.acceptedAtAgent)} spans accepted by the agent, ${whole(c.delivery.missingAtGateways)} missing at the gateways; refused ${JSON.stringify(c.delivery.refused)}, failed ${JSON.stringify(c.delivery.sendFailed)}, left queued ${JSON.stringify(c.delivery.stillQueued)}; load refused ${c.loadGenerator.refusedRequests} requests.`,
    `Agent queue on disk: ${whole(c.agentQueueOnDisk.bytesPerQueuedItem)} bytes a queued span per exporter, ${whole(c.agentQueueOnDisk.bytesPerSpanAtAgent)} bytes per span (queued twice).`,
  );
  out.push('', `Receivers: ${r.encoding} into the first, ${r.samplesPerRequest} samples a request, ${r.concurrency} senders, replication factor 3.`);
  const step = r.seriesStep;
  out.push(table(['receiver', 'RSS empty', `RSS ${whole(step)}`, `RSS ${whole(2 * step)}`, 'RSS after rate', 'per 100k: live heap', 'RSS idle', 'RSS under ingest', 'cores at rate', 'samples appended/s'], r.memory.map((m, index) => [
    m.name, `${whole(m.rssMiB.empty)} MiB`, `${whole(m.rssMiB[step])} MiB`, `${whole(m.rssMiB[2 * step])} MiB`, `${whole(m.rssMiB.afterRate)} MiB`,
    `${whole(m.liveHeapMiBPer100kSeries)} MiB`, `${whole(m.rssMiBPer100kSeries)} MiB`, `${whole(m.rssMiBPer100kSeriesUnderIngest)} MiB`,
    cores(r.rate.coresByReceiver[m.name]), whole(r.rate.appendedPerSecondByReceiver[index]),
  ])));
  out.push(
    `Rate: ${whole(r.rate.acceptedSamplesPerSecond)} samples/s accepted over ${whole(2 * step)} series, receivers ${cores(r.rate.receiverCores)} cores together: ${whole(r.rate.samplesPerSecondPerReceiverCore)} samples/s per receiver-tier core; load generator ${cores(r.rate.loadGeneratorCores)}, rest of the machine ${cores(r.rate.otherCores)} cores; ${r.rate.refusedRequests} requests refused.`,
    `New series: ${whole(r.newSeriesPerSecond.first)} and ${whole(r.newSeriesPerSecond.second)} a second.`,
  );
  console.log(out.join('\n'));
}

if (import.meta.url === `file://${process.argv[1]}`) printResults(JSON.parse(readFileSync(new URL('../scaled-results.json', import.meta.url), 'utf8')));
