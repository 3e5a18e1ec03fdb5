// The shop's settings, read once from the environment. A bad value stops the start with a
// message naming the variable: this is the application, so failing fast is right here
// (the instrumentation bootstrap, by contrast, never stops an app).

export interface ShopConfig {
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  /** The auth service that issues and verifies session tokens. */
  readonly authUrl: string;
  /** Median latency of the simulated AI model; a long tail goes several times past it. */
  readonly aiMedianMs: number;
  /** Share of AI questions whose upstream model call fails. */
  readonly aiFailureRate: number;
  /** Share of card payments the simulated processor fails on its side (not declines). */
  readonly paymentFailureRate: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}=${JSON.stringify(raw)} is not an integer from ${min} to ${max}`);
  }
  return value;
}

function ratio(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`${name}=${JSON.stringify(raw)} is not a number from 0 to 1`);
  }
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ShopConfig {
  const databaseUrl = env.DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be set to a postgres:// URL (for example postgres://shop:secret@127.0.0.1:5432/shop)');
  }
  const authUrl = (env.AUTH_URL || 'http://127.0.0.1:3001').replace(/\/$/, '');
  if (!/^https?:\/\/[^/]+/.test(authUrl)) throw new Error(`AUTH_URL=${JSON.stringify(env.AUTH_URL)} is not an http(s) URL`);
  return Object.freeze({
    host: env.HOST || '0.0.0.0',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    authUrl,
    aiMedianMs: integer(env, 'SHOP_AI_MEDIAN_MS', 400, 1, 60_000),
    aiFailureRate: ratio(env, 'SHOP_AI_FAILURE_RATE', 0.04),
    // None by default: any sustained processor failure pages (PaymentErrors), which the demo
    // must not do on its own. Set it to watch that alert fire.
    paymentFailureRate: ratio(env, 'SHOP_PAYMENT_FAILURE_RATE', 0),
  });
}
