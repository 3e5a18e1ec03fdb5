// Overhead benchmark: the same Express 5 app (bench/app.mjs) run four ways on the same Node
// binary, alternated so that drift (thermal, noisy neighbours) hits every variant equally:
//   bare        no preload
//   ours        node --import ./instrument       (this project, NODE_ENV=production: 10% sampling,
//               OTLP over http/protobuf, the default)
//   ours-json   the same over http/json
//   register    node --experimental-loader=@opentelemetry/instrumentation/hook.mjs
//                  --import @opentelemetry/auto-instrumentations-node/register  (stock, also 10%;
//                  the loader is the stock way to instrument ES modules, as the app is one)
//   bare-busy   no preload, the app holding its event loop BUSY_US µs per request: a calibration
//               of what a known amount of added main-thread work costs in throughput here
// Per variant and route: start-up time, req/s and p99 under 50 connections, resident memory
// after the load, SIGTERM-to-exit time, and CPU per request of the app's main thread (where
// the event loop runs; with the part spent in the kernel, mostly socket reads and writes) and
// of the export worker, read from /proc per thread. Telemetry goes to a local sink that
// answers 200.
//
// Run from the repository root:  npm run bench   (or: node bench/run.js after `npm run build`)
//   BENCH_SECONDS  measured seconds per run (default 10)    BENCH_ROUNDS  rounds (default 2)
// Prints a table and writes everything to bench/results.json (committed: the README's figures
// come from it, and it names the machine they were measured on).
//
// Caveat: autocannon runs in this process on the same machine (2 cores on the reference box),
// so load generator and app compete for CPU. Absolute req/s are understated; compare the ratios.
// Everything is loopback (127.0.0.1).
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { findFreePort, killChildrenOnExit, median, readRssMb, readThreadCpuMs, runLoad, startApp, startSink, stopApp } from './lib.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = positiveInt(process.env.BENCH_SECONDS, 10);
const ROUNDS = positiveInt(process.env.BENCH_ROUNDS, 2);
const WARMUP_SECONDS = 2;
const CONNECTIONS = 50;
const ROUTES = ['/pino', '/work'];
const METRICS = ['reqPerSec', 'p99Ms', 'rssMb', 'startupMs', 'exitMs', 'mainCpuUsPerRequest', 'mainKernelCpuUsPerRequest', 'workerCpuUsPerRequest'];
/** The calibration variant's added main-thread work per request. */
const BUSY_US = 15;

function positiveInt(text, fallback) {
  const value = Number.parseInt(text ?? '', 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

// Inherited OTEL_* variables or NODE_OPTIONS (which can carry its own --import) would make
// the variants differ in ways the table does not show, so each child starts from a clean base.
function cleanBaseEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('OTEL_') && key !== 'NODE_OPTIONS' && key !== 'NODE_ENV') env[key] = value;
  }
  return env;
}

function defineVariants(sinkPort) {
  const otelEnv = { NODE_ENV: 'production', OTEL_SERVICE_NAME: 'bench', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}` };
  return [
    { name: 'bare', preload: [], env: {} },
    ...[['ours', 'http/protobuf'], ['ours-json', 'http/json']].map(([name, protocol]) => ({
      name, preload: ['--import', './instrument'], env: { ...otelEnv, OTEL_EXPORTER_OTLP_PROTOCOL: protocol },
      unavailable: existsSync(`${ROOT}/instrument`) ? null : 'no ./instrument file yet',
    })),
    {
      // The stock register samples everything by default; match our production ratio.
      name: 'register',
      preload: ['--experimental-loader=@opentelemetry/instrumentation/hook.mjs', '--import', '@opentelemetry/auto-instrumentations-node/register'],
      env: { ...otelEnv, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
    },
    { name: 'bare-busy', preload: [], env: { BENCH_BUSY_US: String(BUSY_US) }, busyUs: BUSY_US },
  ];
}

async function measureOnce(variant, route, sink) {
  const port = await findFreePort();
  const args = [...variant.preload, 'bench/app.mjs'];
  const env = { ...cleanBaseEnv(), ...variant.env, PORT: String(port) };
  const { child, startupMs } = await startApp({ args, env, cwd: ROOT });
  try {
    const url = `http://127.0.0.1:${port}${route}`;
    await runLoad(url, WARMUP_SECONDS, CONNECTIONS); // JIT, lazy requires, pools: not what we measure
    const cpuBefore = readThreadCpuMs(child.pid);
    const result = await runLoad(url, SECONDS, CONNECTIONS);
    const cpuAfter = readThreadCpuMs(child.pid);
    const rssMb = readRssMb(child.pid);
    const { exitMs, timedOut } = await stopApp(child);
    const perRequestUs = (key) => (cpuBefore?.[key] == null || cpuAfter?.[key] == null ? null : ((cpuAfter[key] - cpuBefore[key]) * 1000) / result.requests.total);
    return {
      reqPerSec: result.requests.average, p99Ms: result.latency.p99, rssMb, startupMs, exitMs,
      mainCpuUsPerRequest: perRequestUs('main'), mainKernelCpuUsPerRequest: perRequestUs('mainKernel'), workerCpuUsPerRequest: perRequestUs('exportWorker'), otherThreadsCpuUsPerRequest: perRequestUs('other'),
      exitTimedOut: timedOut, non2xx: result.non2xx, errors: result.errors, sinkPosts: await sink.takeCounts(),
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

async function runAllRounds(variants, sink) {
  const runs = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const route of ROUTES) {
      for (const variant of variants) {
        const base = { round, route, variant: variant.name };
        if (variant.unavailable) { runs.push({ ...base, error: variant.unavailable }); continue; }
        process.stderr.write(`round ${round}/${ROUNDS} ${route} ${variant.name} ... `);
        try {
          const run = { ...base, ...(await measureOnce(variant, route, sink)) };
          process.stderr.write(`${Math.round(run.reqPerSec)} req/s\n`);
          runs.push(run);
        } catch (error) {
          process.stderr.write(`failed: ${error.message.split('\n')[0]}\n`);
          runs.push({ ...base, error: error.message });
        }
      }
    }
  }
  return runs;
}

function summarise(runs, variants) {
  const summary = {};
  for (const route of ROUTES) {
    summary[route] = {};
    for (const { name } of variants) {
      const ok = runs.filter((r) => r.route === route && r.variant === name && !r.error);
      if (ok.length === 0) { summary[route][name] = null; continue; }
      const medians = Object.fromEntries(METRICS.map((m) => [m, median(ok.map((r) => r[m]))]));
      medians.rounds = ok.length;
      medians.exitTimeouts = ok.filter((r) => r.exitTimedOut).length;
      medians.failedRequests = ok.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
      summary[route][name] = medians;
    }
  }
  return summary;
}

function compare(a, b) {
  if (!a || !b) return null;
  return {
    throughput: a.reqPerSec / b.reqPerSec, p99: a.p99Ms / b.p99Ms,
    rssDeltaMb: a.rssMb - b.rssMb, startupDeltaMs: a.startupMs - b.startupMs, exitDeltaMs: a.exitMs - b.exitMs,
    mainCpu: a.mainCpuUsPerRequest != null && b.mainCpuUsPerRequest ? a.mainCpuUsPerRequest / b.mainCpuUsPerRequest : null,
  };
}

function ratiosFor(summary) {
  return Object.fromEntries(ROUTES.map((route) => {
    const s = summary[route];
    return [route, {
      oursVsBare: compare(s.ours, s.bare), oursJsonVsBare: compare(s['ours-json'], s.bare),
      registerVsBare: compare(s.register, s.bare), oursVsRegister: compare(s.ours, s.register),
      bareBusyVsBare: compare(s['bare-busy'], s.bare),
    }];
  }));
}

const signed = (value, unit) => `${value >= 0 ? '+' : ''}${value.toFixed(0)} ${unit}`;
const row = (label, cells) => label.padEnd(18) + cells.map((c) => String(c).padStart(14)).join('');
const micros = (value) => (value == null ? 'n/a' : value.toFixed(1));

function printTable(summary, ratios, variants) {
  for (const route of ROUTES) {
    console.log(`\nGET ${route}`);
    console.log(row('', ['req/s', 'p99 ms', 'RSS MB', 'start ms', 'SIGTERM->exit', 'main µs/req', 'of it kernel', 'worker µs/req']));
    for (const { name, unavailable } of variants) {
      const s = summary[route][name];
      if (!s) { console.log(row(name, [`unavailable${unavailable ? ` (${unavailable})` : ''}`])); continue; }
      const flags = [s.exitTimeouts ? `${s.exitTimeouts} run(s) needed SIGKILL` : '', s.failedRequests ? `${s.failedRequests} failed requests` : ''].filter(Boolean);
      console.log(row(name, [s.reqPerSec.toFixed(0), s.p99Ms.toFixed(1), s.rssMb?.toFixed(0) ?? 'n/a', s.startupMs.toFixed(0), s.exitMs.toFixed(0), micros(s.mainCpuUsPerRequest), micros(s.mainKernelCpuUsPerRequest), micros(s.workerCpuUsPerRequest)]) + (flags.length ? `   ! ${flags.join(', ')}` : ''));
    }
    for (const [label, key] of [['ours vs bare', 'oursVsBare'], ['ours-json vs bare', 'oursJsonVsBare'], ['register vs bare', 'registerVsBare'], ['bare-busy vs bare', 'bareBusyVsBare']]) {
      const r = ratios[route][key];
      if (r) console.log(row(label, [`${r.throughput.toFixed(2)}x`, `x${r.p99.toFixed(2)}`, signed(r.rssDeltaMb, 'MB'), signed(r.startupDeltaMs, 'ms'), signed(r.exitDeltaMs, 'ms'), r.mainCpu == null ? 'n/a' : `x${r.mainCpu.toFixed(2)}`]));
    }
    const ovr = ratios[route].oursVsRegister;
    if (ovr) console.log(row('ours vs register', [`${ovr.throughput.toFixed(2)}x`, `x${ovr.p99.toFixed(2)}`]));
  }
}

async function main() {
  killChildrenOnExit();
  const sink = await startSink();
  try {
    const variants = defineVariants(sink.port);
    // The machine the figures come from, as the committed results file names it.
    const environment = {
      machine: os.hostname(), cpuModel: os.cpus()[0]?.model ?? 'unknown', cpus: os.availableParallelism(),
      memoryGiB: Math.round(os.totalmem() / 2 ** 30), kernel: `${os.type()} ${os.release()}`, platform: `${os.platform()} ${os.arch()}`,
      node: process.version,
    };
    console.log(`Node ${environment.node} on ${environment.cpus} CPU(s), ${environment.platform}; ${ROUNDS} round(s) x ${SECONDS} s, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up; load generator shares the CPUs`);
    const runs = await runAllRounds(variants, sink);
    const summary = summarise(runs, variants);
    const ratios = ratiosFor(summary);
    printTable(summary, ratios, variants);
    const config = { seconds: SECONDS, rounds: ROUNDS, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS, routes: ROUTES };
    const variantsOut = variants.map(({ name, preload, env, busyUs }) => ({ name, preload, ...(busyUs ? { busyUs } : {}), env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT && 'http://127.0.0.1:<sink>' } }));
    writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), environment, config, variants: variantsOut, runs, summary, ratios }, null, 2) + '\n');
    console.log('\nFull results: bench/results.json (medians over rounds; per-run figures and sink POST counts included)');
  } finally {
    sink.close();
  }
}

main().catch((error) => { console.error(error); process.exitCode = 1; });
