// Helpers for bench/run.js: child process lifecycle, the OTLP sink, load generation, stats.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import autocannon from 'autocannon';

const STARTUP_TIMEOUT_MS = 30_000;
const EXIT_GRACE_MS = 5_000;
const liveChildren = new Set();

// Never leave an app running behind us, whether we finish, fail or are interrupted.
export function killChildrenOnExit() {
  const killAll = () => { for (const child of liveChildren) child.kill('SIGKILL'); };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { killAll(); process.exit(130); });
}

// The stand-in collector (bench/sink.mjs) runs as a child process; counts of what each run
// exported show that the instrumented variants really sent telemetry.
export async function startSink() {
  const child = spawn(process.execPath, [new URL('./sink.mjs', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
  liveChildren.add(child);
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())));
    child.once('exit', (code) => reject(new Error(`the sink exited early (code ${code})`)));
  });
  return {
    port,
    pid: child.pid,
    async takeCounts() { return (await fetch(`http://127.0.0.1:${port}/counts`)).json(); },
    close() { child.kill('SIGTERM'); },
  };
}

export async function findFreePort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// Spawn the app and resolve once it prints `listening`; the elapsed time is the start-up cost
// the preload adds (module loading, SDK construction, hooks) on top of the app's own.
export function startApp({ args, env, cwd }) {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);
  child.on('exit', () => liveChildren.delete(child));
  let stderrTail = '';
  child.stderr.on('data', (chunk) => { stderrTail = (stderrTail + chunk).slice(-2000); });
  return new Promise((resolve, reject) => {
    let stdoutSoFar = '';
    const timer = setTimeout(() => fail(`no "listening" within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
    function fail(reason) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${reason}\n${stderrTail.trim()}`));
    }
    child.once('exit', (code, signal) => fail(`app exited early (code ${code}, signal ${signal})`));
    child.stdout.on('data', (chunk) => {
      if (stdoutSoFar === null) return; // keep draining so the pipe never blocks the app
      stdoutSoFar = (stdoutSoFar + chunk).slice(-4000);
      if (!/^listening$/m.test(stdoutSoFar)) return;
      stdoutSoFar = null;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.on('exit', () => liveChildren.delete(child));
      resolve({ child, startupMs: performance.now() - startedAt });
    });
  });
}

// SIGTERM, then time until the process is gone; a preload that flushes on shutdown shows here.
export function stopApp(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ exitMs: 0, timedOut: false });
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, EXIT_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      const exitMs = performance.now() - sentAt;
      resolve({ exitMs, timedOut: exitMs >= EXIT_GRACE_MS });
    });
    child.kill('SIGTERM');
  });
}

export function readRssMb(pid) {
  try {
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
    return kb / 1024;
  } catch {
    return null; // not Linux, or the process is gone
  }
}

/**
 * CPU milliseconds so far of the process's main thread (and, of that, in the kernel), of the
 * export worker (its thread is named `obs-export`; Node 24 names worker threads, Node 22 does
 * not, so there it is null) and of every other thread (GC helpers, libuv pool), from /proc.
 * Null where there is no /proc.
 */
export function readThreadCpuMs(pid) {
  try {
    const ticksToMs = 1000 / 100; // USER_HZ is 100 on Linux
    const totals = { main: 0, mainKernel: 0, exportWorker: null, other: 0 };
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const kernelMs = Number(fields[12]) * ticksToMs;
      const ms = Number(fields[11]) * ticksToMs + kernelMs;
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      if (tid === String(pid)) {
        totals.main += ms;
        totals.mainKernel += kernelMs;
      } else if (name === 'obs-export') totals.exportWorker = (totals.exportWorker ?? 0) + ms;
      else totals.other += ms;
    }
    return totals;
  } catch {
    return null;
  }
}

export function runLoad(url, seconds, connections) {
  return autocannon({ url, connections, duration: seconds });
}

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
