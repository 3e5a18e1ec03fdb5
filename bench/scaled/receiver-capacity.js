// Samples a second into the Thanos receivers, and their memory per series, with the three
// receivers of thanos/hashring.json at replication factor 3 run from the compose command
// lines (test/e2e/support/scaled-topology.js, as the fault tests run them).
//
// The load enters where Prometheus's remote write does, the first receiver, which stores
// each sample and forwards it to the other two. It arrives as OTLP/HTTP protobuf at the
// receiver's OTLP endpoint (/api/v1/otlp, on the remote-write port) rather than as a
// Prometheus remote-write request, whose snappy compression nothing here can produce; the
// receiver then turns OTLP into the same time series and writes them the same way, so its
// figures include a translation Prometheus's requests do not need: a floor.
//
// Memory: 100,000 new series, a settle, every receiver's resident memory; 100,000 more,
// the same again. The difference is what 100,000 series cost each receiver (each holds
// every series, at replication factor 3). Then the rate: the 200,000 series written again
// and again, one sample per series each round, as scrapes would, for the window.
import { collectorMetrics as metricsOf, startThanosReceivers, sumOf } from '../../test/e2e/support/scaled-topology.js';
import { cpuWindow, rssMiB } from './proc.js';
import { rounds, SAMPLES_PER_REQUEST, seriesRequests } from './metric-requests.js';
import { startSenders } from './senders.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Each receiver's resident memory (what a container's memory limit sees, garbage and the
 * collector's headroom included), then its live heap: a heap profile request with gc=1 runs
 * a garbage collection first, so the heap in use afterwards is what the series really hold,
 * not how far the last collection happened to lag.
 */
async function memory(receivers) {
  return Promise.all(receivers.map(async (receiver) => {
    const resident = rssMiB(receiver.process.pid);
    await (await fetch(`http://127.0.0.1:${receiver.ports.http}/debug/pprof/heap?gc=1`)).arrayBuffer();
    const metrics = await metricsOf(receiver.ports.http);
    return {
      name: receiver.name,
      rssMiB: resident,
      heapInUseMiB: sumOf(metrics, 'go_memstats_heap_inuse_bytes') / 2 ** 20,
      headSeries: sumOf(metrics, 'prometheus_tsdb_head_series'),
    };
  }));
}

async function appended(receivers) {
  return Promise.all(receivers.map(async (receiver) => sumOf(await metricsOf(receiver.ports.http), 'prometheus_tsdb_head_samples_appended_total')));
}

/** Sends each of `requests` once; returns the seconds it took and what was refused. */
async function writeOnce(url, requests, concurrency) {
  const startedAt = performance.now();
  let turn = 0;
  const send = rounds(requests);
  const senders = startSenders({ url, contentType: 'application/x-protobuf', concurrency, next: () => (turn++ < requests.length ? send.next() : null) });
  await senders.finished;
  return { seconds: (performance.now() - startedAt) / 1000, refusedRequests: senders.totals.refused, lastRefusal: senders.totals.lastRefusal };
}

export async function measureReceivers({ seriesStep, settleSeconds, warmupSeconds, seconds, concurrency, log }) {
  // Built before anything runs, so the encoding's CPU is in no window.
  const requests = seriesRequests(2 * seriesStep);
  const firstStep = requests.slice(0, requests.length / 2);
  const secondStep = requests.slice(requests.length / 2);
  const receivers = await startThanosReceivers();
  try {
    const url = `http://127.0.0.1:${receivers[0].ports.remoteWrite}/api/v1/otlp`;
    log(`receivers up; OTLP/HTTP protobuf into ${receivers[0].name}, ${SAMPLES_PER_REQUEST} samples a request, ${concurrency} senders`);
    await sleep(settleSeconds * 1000);
    const empty = await memory(receivers);
    const first = await writeOnce(url, firstStep, concurrency);
    log(`${seriesStep} series written in ${first.seconds.toFixed(1)} s; settling`);
    await sleep(settleSeconds * 1000);
    const atFirstStep = await memory(receivers);
    const second = await writeOnce(url, secondStep, concurrency);
    log(`${2 * seriesStep} series written; settling`);
    await sleep(settleSeconds * 1000);
    const atSecondStep = await memory(receivers);

    log(`writing all ${2 * seriesStep} series round after round for ${warmupSeconds} + ${seconds} s`);
    const senders = startSenders({ url, contentType: 'application/x-protobuf', concurrency, next: rounds(requests).next });
    await sleep(warmupSeconds * 1000);
    const appendedBefore = await appended(receivers);
    const sentBefore = senders.totals.items;
    const window = cpuWindow(Object.fromEntries(receivers.map((receiver) => [receiver.name, receiver.process.pid])));
    await sleep(seconds * 1000);
    const used = window.end();
    const appendedInWindow = (await appended(receivers)).map((after, index) => after - appendedBefore[index]);
    const accepted = senders.totals.items - sentBefore;
    await senders.stop();
    const afterRate = await memory(receivers);
    return summarise({ seriesStep, empty, atFirstStep, atSecondStep, afterRate, first, second, used, appendedInWindow, accepted, senders: senders.totals, concurrency });
  } finally {
    for (const receiver of receivers) await receiver.stop();
  }
}

function summarise({ seriesStep, empty, atFirstStep, atSecondStep, afterRate, first, second, used, appendedInWindow, accepted, senders, concurrency }) {
  const { seconds } = used;
  const per100k = (later, earlier, key) => (later[key] - earlier[key]) / (seriesStep / 100_000);
  const receiverCores = Object.entries(used.cpuSeconds).filter(([name]) => name !== 'self').reduce((total, [, value]) => total + value, 0) / seconds;
  return {
    encoding: 'OTLP/HTTP protobuf to /api/v1/otlp',
    concurrency,
    samplesPerRequest: SAMPLES_PER_REQUEST,
    seriesStep,
    newSeriesPerSecond: { first: seriesStep / first.seconds, second: seriesStep / second.seconds },
    memory: empty.map((receiver, index) => ({
      name: receiver.name,
      rssMiB: { empty: receiver.rssMiB, [seriesStep]: atFirstStep[index].rssMiB, [2 * seriesStep]: atSecondStep[index].rssMiB, afterRate: afterRate[index].rssMiB },
      liveHeapMiB: { empty: receiver.heapInUseMiB, [seriesStep]: atFirstStep[index].heapInUseMiB, [2 * seriesStep]: atSecondStep[index].heapInUseMiB, afterRate: afterRate[index].heapInUseMiB },
      headSeries: { [seriesStep]: atFirstStep[index].headSeries, [2 * seriesStep]: atSecondStep[index].headSeries },
      rssMiBPer100kSeries: per100k(atSecondStep[index], atFirstStep[index], 'rssMiB'),
      liveHeapMiBPer100kSeries: per100k(atSecondStep[index], atFirstStep[index], 'heapInUseMiB'),
      // Right after the rate phase, above the empty receiver: garbage of the ingest and the
      // Go collector's headroom included, the figure a memory limit must allow.
      rssMiBPer100kSeriesUnderIngest: (afterRate[index].rssMiB - receiver.rssMiB) / (2 * seriesStep / 100_000),
    })),
    rate: {
      windowSeconds: seconds,
      acceptedSamplesPerSecond: accepted / seconds,
      appendedPerSecondByReceiver: appendedInWindow.map((count) => count / seconds),
      receiverCores,
      coresByReceiver: Object.fromEntries(Object.entries(used.cpuSeconds).filter(([name]) => name !== 'self').map(([name, value]) => [name, value / seconds])),
      samplesPerSecondPerReceiverCore: accepted / seconds / receiverCores,
      loadGeneratorCores: used.cpuSeconds.self / seconds,
      otherCores: used.otherCpuSeconds / seconds,
      refusedRequests: senders.refused + first.refusedRequests + second.refusedRequests,
      lastRefusal: senders.lastRefusal ?? second.lastRefusal ?? first.lastRefusal,
    },
  };
}
