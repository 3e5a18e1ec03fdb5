// Runs a fixture app in a child process under the preload, the way users run it, and
// waits for it to report its port. Children are killed when the test process exits.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { scaled } from './timing.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const children = new Set();
process.on('exit', () => { for (const child of children) child.kill('SIGKILL'); });

/**
 * @param {string} fixture path relative to the repository root
 * @param {{ env?: Record<string,string>, args?: string[], cwd?: string, preload?: string[] }} options
 */
export async function startApp(fixture, { env = {}, args = ['--import', './instrument'], cwd = REPO_ROOT, startTimeoutMs = scaled(20_000) } = {}) {
  const child = spawn(process.execPath, [...args, fixture], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, OTEL_METRIC_EXPORT_INTERVAL: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  // A failed test must not leave its file hanging on a live child: the child and its pipes
  // do not keep this process alive, and the exit handler above kills what is left.
  child.unref();
  child.stdout.unref();
  child.stderr.unref();
  const app = { child, pid: child.pid, port: 0, stdout: '', stderr: '', exited: undefined };
  child.stdout.on('data', (chunk) => { app.stdout += chunk; });
  child.stderr.on('data', (chunk) => { app.stderr += chunk; });
  app.exited = new Promise((resolve) => child.on('exit', (code, signal) => { children.delete(child); resolve({ code, signal }); }));
  // 'exit' can come before the last bytes of the child's pipes are read: wait for both to end
  // (bounded, in case a grandchild holds them) before a test looks at the output.
  const ended = (stream) => new Promise((resolve) => { if (stream.readableEnded) resolve(); else stream.once('close', resolve); });
  const outputRead = Promise.all([ended(child.stdout), ended(child.stderr)]);

  const deadline = Date.now() + startTimeoutMs;
  while (!app.port) {
    const match = /"listening":(\d+)[,}]/.exec(app.stdout);
    if (match) app.port = Number(match[1]);
    else if (child.exitCode !== null || child.signalCode !== null) throw new Error(`app exited before listening:\n${app.stderr}${app.stdout}`);
    else if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`app did not listen within ${startTimeoutMs} ms:\n${app.stderr}`); }
    else await new Promise((resolve) => setTimeout(resolve, 25));
  }
  app.get = async (path, init) => {
    const response = await fetch(`http://127.0.0.1:${app.port}${path}`, init);
    return { status: response.status, body: await response.text() };
  };
  /** Sends a signal and resolves with how the process ended and how long it took. */
  app.stop = async (signal = 'SIGTERM', { killAfterMs = scaled(10_000) } = {}) => {
    const started = Date.now();
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const result = await app.exited;
    const elapsedMs = Date.now() - started;
    clearTimeout(timer);
    await Promise.race([outputRead, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    return { ...result, elapsedMs };
  };
  /** JSON lines the app wrote on stdout (pino records among them). */
  app.jsonLines = () => app.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
  return app;
}

/**
 * Runs a fixture that ends by itself (no port to wait for) and resolves with how it ended,
 * everything it wrote and how long it took. Only PATH and HOME are inherited besides `env`.
 */
export function runToEnd(fixture, { args = [], env = {} } = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [...args, fixture], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, elapsedMs: performance.now() - started })));
}

/** A port nothing listens on at the moment of the call (for endpoints and "collector down"). */
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A free port below the kernel's ephemeral range, for a component a test kills and starts
 * again on the same port: a port from the ephemeral range (freePort) can be taken in between
 * as the local end of any outgoing connection on the machine; one below it cannot.
 */
export async function restartablePort() {
  const [ephemeralStart] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  const low = 10_000;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (ephemeralStart - low));
    const server = net.createServer();
    const bound = await new Promise((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!bound) continue;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }
  throw new Error(`no free port between ${low} and ${ephemeralStart} on 127.0.0.1`);
}
