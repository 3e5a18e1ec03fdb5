// A database or cache server from Debian's packages as a child process of the test: its
// binary required (a missing one fails the test loudly, naming the package; .ci/run installs
// them), a temporary directory removed when the test process exits, its output kept to explain
// a failed start, a start-up wait that gives up as soon as it dies, and a stop that waits.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaled } from '../../../support/timing.js';

const running = new Set();
process.on('exit', () => { for (const child of running) child.kill('SIGKILL'); });

/** Throws unless `path` exists: the tests need the server, and never skip without it. */
export function requireBinary(path, debianPackage) {
  if (!existsSync(path)) throw new Error(`${path} is missing: install Debian's ${debianPackage} (.ci/run does)`);
  return path;
}

/** A fresh directory under the system's temporary one, removed when this process exits. */
export function temporaryDirectory(prefix) {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/** Starts `command`; nothing from the caller's environment but PATH leaks in. */
export function startServerProcess(name, command, args, { env = {} } = {}) {
  const child = spawn(command, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  // Neither the child nor its pipes keep the test alive if it fails half way.
  child.unref();
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => { output = (output + chunk).slice(-20_000); });
    stream.unref();
  }
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => { running.delete(child); resolve({ code, signal }); });
    child.once('error', (error) => { output += `\n${error.message}`; running.delete(child); resolve({ code: null, signal: null }); });
  });
  return {
    name,
    output: () => output,
    exited,
    hasExited: () => !running.has(child),
    /** Sends `signal`, SIGKILL after a grace period; resolves once the process is gone. */
    async stop(signal = 'SIGTERM') {
      if (running.has(child)) {
        child.ref(); // held while it stops, or the runner may see an empty event loop
        child.kill(signal);
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), scaled(10_000));
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it is truthy; fails at once if the server died, or after the timeout. */
export async function waitForServer(server, check, what, timeoutMs = 30_000) {
  const deadline = Date.now() + scaled(timeoutMs);
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (server.hasExited()) throw new Error(`${server.name} exited before ${what}:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`${server.name}: timed out waiting for ${what}:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
