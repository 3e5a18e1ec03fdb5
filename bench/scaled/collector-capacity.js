// Spans a second per CPU core through both collector tiers of the scaled topology: the agent
// (otel-collector/agent.yaml) and two gateways (gateway.yaml) run as the end-to-end tests run
// them, from the compose command lines; the backends are one cheap sink process (it answers
// 200 and counts, decoding nothing). Concurrent senders post OTLP/HTTP protobuf to the agent
// without pause, so the collectors run as fast as the machine lets them; each tier's CPU is
// what it burned per span it took in the same window, whatever share of the machine it got.
//
// After the window the senders stop and the tiers drain: tail sampling decides the last
// traces a decision wait later, so what reached Tempo's sink then is the sampled share. Last,
// with the gateways stopped, the agent's disk queue is filled to weigh a queued span.
//
// The support module is the end-to-end tests' (test/e2e/support), used here so the benchmark
// runs exactly the processes, flags and addresses the fault tests check.
import { startSink } from '../lib.js';
import { startAgent, startGateways, sumOf } from '../../test/e2e/support/scaled-topology.js';
import { cpuWindow, rssMiB } from './proc.js';
import { measureQueueOnDisk } from './queue-disk.js';
import { startSenders } from './senders.js';
import { EXPECTED_TEMPO_SHARE, SPANS_PER_REQUEST, traceRequests } from './trace-requests.js';

const DECISION_WAIT_SECONDS = 10; // gateway.yaml, tail_sampling.decision_wait
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const SERVICES = Array.from({ length: 20 }, (_, index) => `service-${String(index + 1).padStart(2, '0')}`);

const counters = (metrics) => ({
  acceptedByTrace: sumOf(metrics, 'otelcol_receiver_accepted_spans_total', { receiver: 'otlp' }),
  acceptedByService: sumOf(metrics, 'otelcol_receiver_accepted_spans_total', { receiver: 'otlp/by-service' }),
  refused: sumOf(metrics, 'otelcol_receiver_refused_spans_total'),
  sentToTempo: sumOf(metrics, 'otelcol_exporter_sent_spans_total', { exporter: 'otlphttp/tempo' }),
  failed: sumOf(metrics, 'otelcol_exporter_send_failed_spans_total'),
  queued: sumOf(metrics, 'otelcol_exporter_queue_size'),
});

async function snapshot(collectors) {
  return Object.fromEntries(await Promise.all(collectors.map(async ({ name, component }) => [name, counters(await component.metrics())])));
}

const difference = (after, before) => Object.fromEntries(Object.keys(after).map((name) => [name, Object.fromEntries(Object.keys(after[name]).map((key) => [key, after[name][key] - before[name][key]]))]));

/**
 * Each collector's highest resident memory and Go heap over `seconds`, sampled every two
 * seconds. The heap (allocated, garbage included) is what the memory_limiter compares with
 * its limits; the gateways' holds the tail-sampling buffer, a decision wait of traces.
 */
async function peakMemory(collectors, seconds) {
  const peaks = Object.fromEntries(collectors.map(({ name }) => [name, { rssMiB: 0, heapAllocMiB: 0 }]));
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    await Promise.all(collectors.map(async ({ name, component }) => {
      const heap = sumOf(await component.metrics(), 'otelcol_process_runtime_heap_alloc_bytes') / 2 ** 20;
      peaks[name].rssMiB = Math.max(peaks[name].rssMiB, rssMiB(component.process.pid));
      peaks[name].heapAllocMiB = Math.max(peaks[name].heapAllocMiB, heap);
    }));
    await sleep(Math.min(2_000, until - performance.now()));
  }
  return peaks;
}

/** Waits until no collector holds spans in a queue, or `timeoutMs` passes; returns the last snapshot. */
async function drained(collectors, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await snapshot(collectors);
    if (Object.values(now).every(({ queued }) => queued === 0) || Date.now() > deadline) return now;
    await sleep(500);
  }
}

export async function measureCollectors({ warmupSeconds, seconds, concurrency, log }) {
  const sink = await startSink();
  const sinkUrl = (gateway, backend) => `http://127.0.0.1:${sink.port}/gateway-${gateway}/${backend}`;
  const gateways = await startGateways((index) => ({ prometheusUrl: sinkUrl(index, 'prometheus'), tempoUrl: sinkUrl(index, 'tempo'), lokiUrl: sinkUrl(index, 'loki') }));
  const agent = await startAgent(gateways);
  const collectors = [{ name: 'agent', component: agent }, ...gateways.map((gateway) => ({ name: `gateway-${gateway.index}`, component: gateway }))];
  const requests = traceRequests(SERVICES);
  try {
    log(`collectors up; ${concurrency} senders, ${SPANS_PER_REQUEST} spans (${requests.bytesPerRequest} bytes of OTLP protobuf) a request, ${SERVICES.length} services`);
    const senders = startSenders({ url: `${agent.url}/v1/traces`, contentType: 'application/x-protobuf', next: () => ({ body: requests.next(), items: SPANS_PER_REQUEST }), concurrency });
    await sleep(warmupSeconds * 1000);
    const pids = { ...Object.fromEntries(collectors.map(({ name, component }) => [name, component.process.pid])), sink: sink.pid };
    const before = await snapshot(collectors);
    const sentBefore = senders.totals.items;
    const window = cpuWindow(pids);
    const memory = await peakMemory(collectors, seconds);
    const used = window.end();
    const inWindow = difference(await snapshot(collectors), before);
    const loadSpans = senders.totals.items - sentBefore;
    await senders.stop();
    log(`window done; draining (tail sampling decides a decision wait after a trace's first span)`);
    await sleep((DECISION_WAIT_SECONDS + 2) * 1000);
    const totals = await drained(collectors, 60_000);
    const result = summarise({ used, inWindow, memory, totals, loadSpans, senders: senders.totals, concurrency, backendPosts: await sink.takeCounts() });
    log('queueing on the agent\'s disk with both gateways stopped');
    result.agentQueueOnDisk = await measureQueueOnDisk({ agent, gateways, requests, spansPerRequest: SPANS_PER_REQUEST, requestCount: 200 });
    return result;
  } finally {
    await agent.stop();
    for (const gateway of gateways) await gateway.stop();
    sink.close();
  }
}

function summarise({ used, inWindow, memory, totals, loadSpans, senders, concurrency, backendPosts }) {
  const { seconds } = used;
  const cores = (name) => used.cpuSeconds[name] / seconds;
  const agentSpans = inWindow.agent.acceptedByTrace;
  const gatewayNames = ['gateway-1', 'gateway-2'];
  // Every span reaches the gateway tier twice (by trace id for sampling, by service for span
  // metrics), so a gateway's work per application span is half its two receivers' sum.
  const gateway = (name) => {
    const { acceptedByTrace, acceptedByService } = inWindow[name];
    const applicationSpans = (acceptedByTrace + acceptedByService) / 2;
    return { spansPerSecond: applicationSpans / seconds, acceptedByTracePerSecond: acceptedByTrace / seconds, acceptedByServicePerSecond: acceptedByService / seconds, cores: cores(name), spansPerSecondPerCore: applicationSpans / used.cpuSeconds[name], peakMemory: memory[name] };
  };
  const gatewaySpans = gatewayNames.reduce((total, name) => total + (inWindow[name].acceptedByTrace + inWindow[name].acceptedByService) / 2, 0);
  const gatewayCpu = gatewayNames.reduce((total, name) => total + used.cpuSeconds[name], 0);
  const acceptedByTraceTotal = gatewayNames.reduce((total, name) => total + totals[name].acceptedByTrace, 0);
  const sentToTempoTotal = gatewayNames.reduce((total, name) => total + totals[name].sentToTempo, 0);
  const acceptedByServiceTotal = gatewayNames.reduce((total, name) => total + totals[name].acceptedByService, 0);
  return {
    encoding: 'OTLP/HTTP protobuf',
    concurrency,
    spansPerRequest: SPANS_PER_REQUEST,
    windowSeconds: seconds,
    agent: { spansPerSecond: agentSpans / seconds, cores: cores('agent'), spansPerSecondPerCore: agentSpans / used.cpuSeconds.agent, peakMemory: memory.agent },
    gateways: Object.fromEntries(gatewayNames.map((name) => [name, gateway(name)])),
    gatewayTier: { spansPerSecond: gatewaySpans / seconds, cores: gatewayCpu / seconds, spansPerSecondPerCore: gatewaySpans / gatewayCpu },
    loadGenerator: { spansPerSecond: loadSpans / seconds, cores: used.cpuSeconds.self / seconds, refusedRequests: senders.refused, lastRefusal: senders.lastRefusal },
    sinkCores: cores('sink'),
    otherCores: used.otherCpuSeconds / seconds,
    // Items more in each collector's queues at the window's end than at its start: near zero
    // when every tier kept up with what it accepted.
    queueGrowth: Object.fromEntries(Object.entries(inWindow).map(([name, { queued }]) => [name, queued])),
    sampling: {
      expectedTempoShare: EXPECTED_TEMPO_SHARE,
      tempoShare: sentToTempoTotal / acceptedByTraceTotal,
      sentToTempo: sentToTempoTotal,
    },
    // Whole run, after the drain: every span the agent took must have reached both gateway
    // receivers, and nothing may be refused, failed or left queued.
    delivery: {
      acceptedAtAgent: totals.agent.acceptedByTrace,
      acceptedByTraceAtGateways: acceptedByTraceTotal,
      acceptedByServiceAtGateways: acceptedByServiceTotal,
      missingAtGateways: 2 * totals.agent.acceptedByTrace - acceptedByTraceTotal - acceptedByServiceTotal,
      refused: Object.fromEntries(Object.entries(totals).map(([name, { refused }]) => [name, refused])),
      sendFailed: Object.fromEntries(Object.entries(totals).map(([name, { failed }]) => [name, failed])),
      stillQueued: Object.fromEntries(Object.entries(totals).map(([name, { queued }]) => [name, queued])),
      backendPosts,
    },
  };
}
