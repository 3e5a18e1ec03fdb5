// One component of the stack as a child process of this one: its output kept (the last
// 20 kB, enough to explain a failure, bounded for a stack that runs for days), how it ended,
// a stop that waits for the exit, and start-up waits that give up as soon as the process
// dies. A start that fails because the port is taken says so, naming the component and the
// port, instead of showing a wall of log lines. Whatever is still running when this process
// exits is killed, so that a failed test, or `npm run stack` ending on an error, leaves
// nothing behind.
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../support/app-process.js';
import { scaled } from './time-scale.js';

const OUTPUT_KEPT = 20_000;
const running = new Set();
process.on('exit', () => { for (const child of running) child.kill('SIGKILL'); });

/**
 * Starts `command` from the repository root. `env` is the whole environment apart from PATH:
 * nothing else leaks in from the caller's shell. `uid`/`gid` run it as another user.
 * @param {string} component the name used in messages ("Prometheus")
 * @param {{ env?: Record<string, string | undefined>, uid?: number, gid?: number }} options
 */
export function startProcess(component, command, args, { env = {}, uid, gid } = {}) {
  const child = spawn(command, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, ...env }, uid, gid, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  // Neither the child nor its pipes keep this process alive: a test that fails half way
  // must not hang on them (stop() holds the child again while it waits for the exit).
  child.unref();
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => { output = (output + chunk).slice(-OUTPUT_KEPT); });
    stream.unref();
  }
  const exited = new Promise((resolve) => {
    const settle = (result) => { running.delete(child); resolve(result); };
    child.once('exit', (code, signal) => {
      // The last lines may still be in the pipes: wait for them to close, though not for
      // long, since a grandchild could hold them open.
      const timer = setTimeout(() => settle({ code, signal }), 1000);
      child.once('close', () => { clearTimeout(timer); settle({ code, signal }); });
    });
    // A command that cannot be executed at all (missing, not executable) ends here.
    child.once('error', (error) => {
      output += `\n${error.message}`;
      if (child.pid === undefined) settle({ code: null, signal: null });
    });
  });
  const hasExited = () => !running.has(child);
  return {
    component,
    child,
    pid: child.pid,
    output: () => output,
    exited,
    hasExited,
    /** Sends `signal`, SIGKILL after a grace period, and resolves once the process is gone. */
    async stop(signal = 'SIGTERM', { graceMs = scaled(10_000) } = {}) {
      if (!hasExited()) {
        // Held while it stops: an awaited exit of an unref'd child would let the event loop
        // (and Node 22's test runner) end before the child has.
        child.ref();
        child.kill(signal);
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/**
 * The port a failed start's output says was taken, if any: Go's `listen tcp host:port: bind:
 * address already in use`, Node's `EADDRINUSE: address already in use host:port`,
 * PostgreSQL's hint about "another postmaster" on a port.
 */
export function portInUseIn(output) {
  const match = /listen tcp \S*?:(\d+): bind: address already in use/.exec(output)
    ?? /EADDRINUSE: address already in use \S*?:(\d+)/.exec(output)
    ?? /another postmaster already running on port (\d+)/.exec(output);
  return match ? Number(match[1]) : undefined;
}

/** The error for a component that could not start, from what it printed before it ended. */
export function startFailure(component, output, exit) {
  const port = portInUseIn(output);
  const how = exit ? (exit.signal ? `killed by ${exit.signal}` : `exit status ${exit.code}`) : 'it exited';
  const error = new Error(port
    ? `${component} could not start: port ${port} on 127.0.0.1 is in use (another process listens there)`
    : `${component} exited before it was ready (${how}):\n${output.trim()}`);
  Object.assign(error, { component, port });
  return error;
}

/** Awaits a Node app's start (test/support/app-process.js) and names the component if it fails. */
export async function namedStart(component, starting) {
  try {
    return await starting;
  } catch (error) {
    throw startFailure(component, error.message);
  }
}

/**
 * Polls `check` until it returns a truthy value, which it resolves with. Fails at once if the
 * process ended, and after `timeoutMs` (stretched by TIME_SCALE) with its output.
 */
export async function waitUntil(server, check, what, timeoutMs = 30_000) {
  const deadline = Date.now() + scaled(timeoutMs);
  for (;;) {
    try {
      const result = await check();
      if (result) return result;
    } catch {
      // not up yet
    }
    if (server.hasExited()) throw startFailure(server.component, server.output(), await server.exited);
    if (Date.now() > deadline) throw new Error(`${server.component}: timed out after ${scaled(timeoutMs)} ms waiting for ${what}:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits for a line matching `pattern` in the output; resolves with the match. */
export function waitForOutput(server, pattern, what, timeoutMs) {
  return waitUntil(server, () => pattern.exec(server.output()), what, timeoutMs);
}
