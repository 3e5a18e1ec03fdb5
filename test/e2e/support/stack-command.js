// `node scripts/stack.js` (what `npm run stack` runs) as a child of the test: its output, a
// wait for a line, the address it printed for a component, and a cleanup that never leaves
// the stack's components behind when a test fails half way (SIGINT first, so that the stack
// stops them itself; then SIGKILL for the stack and everything it started).
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../support/app-process.js';
import { descendantsOf } from './process-tree.js';
import { scaled } from './time-scale.js';

/** @param {Record<string, string>} env the stack's whole environment */
export function runStack(env) {
  const child = spawn(process.execPath, ['scripts/stack.js'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stack = { child, pid: child.pid, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => { stack.stdout += chunk; });
  child.stderr.on('data', (chunk) => { stack.stderr += chunk; });
  stack.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const everything = () => `stdout:\n${stack.stdout}\nstderr:\n${stack.stderr}`;

  /** Resolves with the match once the output has a line matching `pattern`. */
  stack.waitFor = async (pattern, what, timeoutMs) => {
    const deadline = Date.now() + scaled(timeoutMs);
    for (;;) {
      const match = pattern.exec(stack.stdout);
      if (match) return match;
      if (hasExited()) throw new Error(`the stack exited (${JSON.stringify(await stack.exited)}) before ${what}:\n${everything()}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${scaled(timeoutMs)} ms waiting for ${what}:\n${everything()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  /** The address on the component's line ("Prometheus         http://127.0.0.1:9090"). */
  stack.addressOf = (component) => {
    const match = new RegExp(`^${component} +(\\S+)`, 'm').exec(stack.stdout);
    if (!match) throw new Error(`no line for ${component} in the stack's output:\n${everything()}`);
    return match[1];
  };
  stack.everything = everything;
  /** For after(): stops the stack if a test left it running, and kills what would not stop. */
  stack.cleanUp = async () => {
    if (hasExited()) return;
    const started = descendantsOf(child.pid);
    child.kill('SIGINT');
    const timer = setTimeout(() => {
      for (const pid of [child.pid, ...started]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, scaled(60_000));
    await stack.exited;
    clearTimeout(timer);
  };
  return stack;
}
