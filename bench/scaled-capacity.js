// Capacity of the scaled topology (docker-compose.scaled.yml) on this machine, for the
// sizing in docs/sizing.md. One run, about three minutes, in two phases that never overlap:
//
//   collectors  spans a second per CPU core of the agent and of the gateways, OTLP/HTTP
//               protobuf into the agent from a few concurrent senders, backends a sink that
//               decodes nothing; the tail-sampled share that reached Tempo; disk per span in
//               the agent's queue                        (bench/scaled/collector-capacity.js)
//   receivers   samples a second into three Thanos receivers at replication factor 3, and
//               their memory per 100,000 series          (bench/scaled/receiver-capacity.js)
//
// Every component is the real binary (.cache/stack/bin) with its compose command line, on
// 127.0.0.1. Load generator and components share the machine (2 cores on the reference
// box), and the components run as fast as they can: the rates are what this machine gives,
// a floor for a dedicated host; the per-core figures are what to size with. CPU is read from
// /proc per process; "other" is what the rest of the machine took meanwhile (another test
// run skews a run; check it is small).
//
// Run from the repository root:  node bench/scaled-capacity.js
// Prints a table and writes everything to bench/scaled-results.json.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { binary } from '../test/e2e/support/binaries.js';
import { killChildrenOnExit } from './lib.js';
import { measureCollectors } from './scaled/collector-capacity.js';
import { printResults } from './scaled/print-results.js';
import { measureReceivers } from './scaled/receiver-capacity.js';

// The warm-up is at least a decision wait (gateway.yaml, 10 s) and the window spans three
// span-metrics flushes (15 s), so the gateways' sampling decisions, Tempo exports and metric
// flushes are all inside the measured CPU, as they are in steady state.
const COLLECTORS = { warmupSeconds: 10, seconds: 45, concurrency: 4 };
const RECEIVERS = { seriesStep: 100_000, settleSeconds: 15, warmupSeconds: 5, seconds: 40, concurrency: 4 };

const startedAt = performance.now();
const log = (message) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${message}`);
// Thanos prints its version on stderr, the collector on stdout.
const versionOf = (name) => {
  const { stdout, stderr } = spawnSync(binary(name), ['--version'], { encoding: 'utf8' });
  return /\d+\.\d+\.\d+/.exec(`${stdout}${stderr}`)?.[0] ?? 'unknown';
};

killChildrenOnExit();
const environment = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model.trim(),
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  kernel: `${os.type()} ${os.release()}`,
  node: process.version,
  collector: versionOf('otelcol-stack'),
  thanos: versionOf('thanos'),
  loadAverageAtStart: os.loadavg()[0],
};

log('collector tiers');
const collectors = await measureCollectors({ ...COLLECTORS, log });
log('Thanos receivers');
const receivers = await measureReceivers({ ...RECEIVERS, log });

const results = {
  date: new Date().toISOString(),
  command: 'node bench/scaled-capacity.js',
  runSeconds: (performance.now() - startedAt) / 1000,
  environment,
  config: { collectors: COLLECTORS, receivers: RECEIVERS },
  collectors,
  receivers,
};
writeFileSync(new URL('./scaled-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
printResults(results);
log('written to bench/scaled-results.json');
// The components' pipes and timers are unref'd, but the exit hooks kill whatever is left.
process.exit(0);
