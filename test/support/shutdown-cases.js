// The ways real apps end, run bare and under the preload: shared by the shutdown test and
// by `npm run bench:shutdown`, which prints the same runs as the README's table.
import { startApp } from './app-process.js';
import { attributesOf } from './otlp-receiver.js';
import { eventually } from './timing.js';

export const SHUTDOWN_FIXTURE = 'test/fixtures/shutdown-app.cjs';

const signal = (name) => async (app) => void app.child.kill(name);
const request = (path) => async (app) => void (await app.get(path));

/**
 * mode: how the fixture ends (see the fixture); last: the last request; end: what ends it;
 * requires: a --require preload of the app's, which Node runs before ours.
 */
export const SHUTDOWN_CASES = [
  { mode: 'none', title: 'no handler, SIGTERM', end: signal('SIGTERM') },
  { mode: 'none', title: 'no handler, SIGINT', end: signal('SIGINT') },
  { mode: 'signal-exit-3', title: 'signal-exit 3', end: signal('SIGTERM') },
  { mode: 'signal-exit-4', title: 'signal-exit 4', end: signal('SIGTERM') },
  { mode: 'none', title: 'signal-exit 4 in a --require preload, listening before ours', requires: './test/fixtures/signal-exit-first.cjs', end: signal('SIGTERM') },
  { mode: 'close-with-grace', title: 'close-with-grace', end: signal('SIGTERM') },
  { mode: 'terminus', title: '@godaddy/terminus', end: signal('SIGTERM') },
  { mode: 'own-handler', title: 'own handler: close, exit 0', end: signal('SIGTERM') },
  {
    mode: 'ignore-first',
    title: 'ignores the first SIGTERM, exits 3 on the second',
    end: async (app) => {
      app.child.kill('SIGTERM');
      await eventually(() => app.stdout.includes('"ignore-first 1"'), 'the first SIGTERM to be ignored');
      app.child.kill('SIGTERM');
    },
  },
  { mode: 'exit-hook', title: 'exit-hook', end: signal('SIGTERM') },
  { mode: 'node-cleanup', title: 'node-cleanup', end: signal('SIGTERM') },
  { mode: 'death', title: 'death, SIGINT', end: signal('SIGINT') },
  { mode: 'http-terminator', title: 'http-terminator', end: signal('SIGTERM') },
  { mode: 'sigint-once', title: 'process.once(SIGINT): close', end: signal('SIGINT') },
  { mode: 'uncaught', title: 'uncaught exception', last: '/crash', end: request('/crash') },
  { mode: 'exit-timer', title: 'process.exit(7) from a timer', last: '/exit', end: request('/exit') },
];

/**
 * Serves one request (unless the ending is itself the last request), ends the app, times it.
 * With a receiver, the app runs under the preload and `exported` says whether the last
 * request's span and log line reached it.
 */
export async function runShutdownCase({ mode, last, end, requires }, receiver) {
  const app = await startApp(SHUTDOWN_FIXTURE, {
    args: [...(requires ? ['--require', requires] : []), ...(receiver ? ['--import', './instrument'] : [])],
    env: {
      SHUTDOWN: mode,
      ...(receiver ? { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: `shutdown-${mode}`, OTEL_METRIC_EXPORT_INTERVAL: '600000' } : {}),
    },
  });
  app.child.ref(); // held while we wait, or Node 22's runner may see an empty event loop
  const lastPath = last ?? `/last-${mode}`;
  if (!last && (await app.get(lastPath)).status !== 200) throw new Error(`${lastPath} failed`);
  const started = Date.now();
  await end(app);
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 15_000);
  const { code, signal: endedBy } = await app.exited;
  clearTimeout(timer);
  const cleanups = app.jsonLines().filter((line) => 'cleanup' in line).map((line) => line.cleanup);
  const span = receiver?.spans().find((s) => attributesOf(s.attributes)['url.path'] === lastPath);
  const line = receiver?.logRecords().find((record) => attributesOf(record.attributes).path === lastPath);
  return { code, signal: endedBy, elapsedMs: Date.now() - started, cleanups, lastPath, span, line, stderr: app.stderr };
}

/** "signal SIGTERM" or "exit 3", as a table shows it. */
export const endingOf = ({ code, signal: endedBy }) => (endedBy ? `signal ${endedBy}` : `exit ${code}`);
