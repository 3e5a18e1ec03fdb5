// Health endpoints with dependency checks. Liveness (/health) answers at once and touches
// nothing; readiness (/health/ready) runs every registered check, each with its own timeout,
// and answers 200 only when all critical ones pass; /health/detailed adds service details and
// the checks' error text (scrubbed; hidden in production, where it could reveal internals). Checks also
// run in the background and feed app.dependency.up and app.dependency.check.duration.
import { metrics, type ObservableResult } from '@opentelemetry/api';
import { appInstruments, APP_METER } from '../api/instruments.js';
import { getRuntime } from '../api/runtime.js';
import { PRODUCTION_ENVIRONMENTS } from '../config/parse.js';

export interface DependencyCheck {
  /** The `dependency` label: a short, fixed name such as `postgres`, `redis` or `auth`. */
  readonly name: string;
  /** Resolves when the dependency is usable; rejects (or times out) when it is not. */
  readonly check: (signal: AbortSignal) => Promise<unknown>;
  /** Per-check timeout; defaults to the health instance's. */
  readonly timeoutMs?: number;
  /** A non-critical dependency is reported but does not make readiness fail. Default true. */
  readonly critical?: boolean;
}

export interface CheckResult {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly critical: boolean;
  /** Why it is down; shown by /health/detailed outside production only, scrubbed. */
  readonly error?: string;
}

export interface Readiness {
  readonly status: 'ready' | 'unavailable';
  readonly checks: Record<string, Omit<CheckResult, 'error'>>;
}

export interface HealthOptions {
  readonly checks?: readonly DependencyCheck[];
  /** Default per-check timeout in milliseconds (2000). */
  readonly timeoutMs?: number;
  /** Background check interval in milliseconds (15000, the scrape interval); 0 turns it off. */
  readonly intervalMs?: number;
  /** Overrides the environment from the configuration (production hides error text). */
  readonly environment?: string;
}

export interface Health {
  add(check: DependencyCheck): Health;
  liveness(): { status: 'ok'; uptimeSeconds: number };
  readiness(): Promise<{ statusCode: 200 | 503; body: Readiness }>;
  detailed(): Promise<{ statusCode: 200 | 503; body: Record<string, unknown> }>;
  /** The last background (or on-demand) result of each check. */
  lastResults(): ReadonlyMap<string, CheckResult>;
  /** Stops the background checks (they never keep the process alive anyway). */
  stop(): void;
}

const NAME = /^[a-z][a-z0-9_-]{0,31}$/;

function validate(check: DependencyCheck): void {
  if (check === null || typeof check !== 'object') throw new TypeError(`a health check must be an object with name and check, got ${check === null ? 'null' : typeof check}`);
  if (typeof check.name !== 'string' || !NAME.test(check.name)) {
    throw new TypeError(`a health check name must match ${NAME} (it becomes the \`dependency\` label), got ${JSON.stringify(check.name)}`);
  }
  if (typeof check.check !== 'function') throw new TypeError(`health check ${check.name}: check must be a function returning a promise`);
  if (check.timeoutMs !== undefined && !(Number.isFinite(check.timeoutMs) && check.timeoutMs > 0)) {
    throw new TypeError(`health check ${check.name}: timeoutMs must be a positive number, got ${String(check.timeoutMs)}`);
  }
}

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) throw new TypeError(`createHealth: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds, got ${String(value)}`);
  return value;
}

/** Runs one check with a timeout; never rejects. */
export async function runCheck(check: DependencyCheck, defaultTimeoutMs: number): Promise<CheckResult> {
  const timeoutMs = check.timeoutMs ?? defaultTimeoutMs;
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  let result: CheckResult;
  try {
    await Promise.race([Promise.resolve().then(() => check.check(controller.signal)), timeout]);
    result = { status: 'up', latencyMs: Math.round(performance.now() - started), critical: check.critical !== false };
  } catch (error) {
    result = {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      critical: check.critical !== false,
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
  appInstruments().dependencyCheckDuration.record(result.latencyMs / 1000, { dependency: check.name });
  return result;
}

export function createHealth(options: HealthOptions = {}): Health {
  if (options === null || typeof options !== 'object') throw new TypeError('createHealth: options must be an object');
  const timeoutMs = positive('timeoutMs', options.timeoutMs, 2000);
  const intervalMs = positive('intervalMs', options.intervalMs, 15_000, true);
  const checks = new Map<string, DependencyCheck>();
  const last = new Map<string, CheckResult>();
  const started = Date.now();
  const environment = () => options.environment ?? getRuntime().config.environment;

  const runAll = async (): Promise<Map<string, CheckResult>> => {
    const entries = await Promise.all([...checks.values()].map(async (check) => [check.name, await runCheck(check, timeoutMs)] as const));
    for (const [name, result] of entries) last.set(name, result);
    return new Map(entries);
  };

  // One observable gauge for every health instance: 1 up, 0 down, per dependency.
  const observe = (result: ObservableResult) => {
    for (const [name, check] of last) result.observe(check.status === 'up' ? 1 : 0, { dependency: name });
  };
  metrics.getMeter(APP_METER).createObservableGauge('app.dependency.up', { description: 'Whether a dependency passed its last health check (1) or not (0).' }).addCallback(observe);

  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const schedule = () => {
    if (intervalMs === 0 || timer) return;
    timer = setInterval(() => {
      if (running) return;
      running = true;
      void runAll().finally(() => { running = false; });
    }, intervalMs);
    timer.unref();
  };

  const readiness = async () => {
    const results = await runAll();
    const ready = [...results.values()].every((result) => result.status === 'up' || !result.critical);
    const body: Readiness = {
      status: ready ? 'ready' : 'unavailable',
      checks: Object.fromEntries([...results].map(([name, { error: _error, ...rest }]) => [name, rest])),
    };
    return { statusCode: ready ? 200 as const : 503 as const, body };
  };

  const health: Health = {
    add(check) {
      validate(check);
      if (checks.has(check.name)) throw new TypeError(`a health check named ${check.name} is already registered`);
      checks.set(check.name, check);
      schedule();
      // A first result soon, so the gauge has a value before the first interval.
      void runCheck(check, timeoutMs).then((result) => { if (!last.has(check.name)) last.set(check.name, result); });
      return health;
    },
    liveness: () => ({ status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000) }),
    readiness,
    async detailed() {
      const { statusCode } = await readiness();
      const production = PRODUCTION_ENVIRONMENTS.includes(environment().toLowerCase());
      const { config, scrubber } = getRuntime();
      return {
        statusCode,
        body: {
          status: statusCode === 200 ? 'ready' : 'unavailable',
          service: config.serviceName,
          version: config.serviceVersion ?? null,
          environment: environment(),
          uptimeSeconds: Math.round((Date.now() - started) / 1000),
          memory: { rssBytes: process.memoryUsage.rss() },
          checks: Object.fromEntries([...last].map(([name, result]) => [name, {
            ...result,
            ...(result.error === undefined ? {} : { error: production ? 'hidden in production' : scrubber.scrubString(result.error) }),
          }])),
        },
      };
    },
    lastResults: () => last,
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  for (const check of options.checks ?? []) health.add(check);
  return health;
}
