// Load generator for the demo shop: an open loop at a fixed rate with the traffic mix of a
// small learning platform, including the failures monitoring is for (wrong passwords and a
// password-guessing burst, declined cards, missing CSRF tokens, denied admin access,
// malformed requests, unknown items), subscription changes, logouts and the slow AI tail.
//   TARGET_URL (http://127.0.0.1:3000)  LOAD_RPS (5)  LOAD_DURATION_S (0 = until stopped)
//   AUTH_URL (http://127.0.0.1:3001)  LOAD_AUTH_OUTAGE_EVERY_S (0 = never): a 3-minute
//   simulated auth outage that often.
// It prints a summary of responses by scenario and status every 30 s and at the end.
// An outage on demand: `node load.js outage auth <seconds>` (0 ends it).
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DECLINED_CARD } from './simulations.js';

const VALID_CARD = '4242424242424242';
const MAX_IN_FLIGHT = 64;

interface Account { email: string; password: string; token?: string; csrfToken?: string }

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`load: ${name}=${JSON.stringify(raw)} is not a non-negative number\n`);
    process.exit(1);
  }
  return value;
}

const target = (process.env.TARGET_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const authUrl = (process.env.AUTH_URL ?? 'http://127.0.0.1:3001').replace(/\/$/, '');

/** Starts (or, with 0 seconds, ends) a simulated outage of the auth service. */
async function authOutage(seconds: number): Promise<void> {
  const response = await fetch(`${authUrl}/chaos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ downForSeconds: seconds }) });
  process.stdout.write(`${JSON.stringify({ load: 'outage', dependency: 'auth', seconds, status: response.status, answer: await response.json() })}\n`);
}

if (process.argv[2] === 'outage') {
  const [, , , dependency, seconds] = process.argv;
  if (dependency !== 'auth' || !Number.isFinite(Number(seconds))) {
    process.stderr.write('usage: node load.js outage auth <seconds> (the auth service is the dependency the demo can take down; stop postgres with docker compose)\n');
    process.exit(2);
  }
  await authOutage(Number(seconds));
  process.exit(0);
}
const rate = positiveNumber('LOAD_RPS', 5);
const durationS = positiveNumber('LOAD_DURATION_S', 0);
const outageEveryS = positiveNumber('LOAD_AUTH_OUTAGE_EVERY_S', 0);
const accounts: Account[] = [];
const counts = new Map<string, number>();
let inFlight = 0;
let skipped = 0;

const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)] as T;
/** The session token of a random signed-in account, so that errors affect many users, not one. */
const anySignedInToken = (): string | undefined => {
  const signedIn = accounts.filter((account) => account.token !== undefined);
  return signedIn.length === 0 ? undefined : pick(signedIn).token;
};
const newAccount = (): Account => ({ email: `learner-${randomBytes(6).toString('hex')}@example.test`, password: randomBytes(9).toString('base64url') });

async function call(scenario: string, path: string, init: { method?: string; body?: unknown; raw?: string; token?: string; csrfToken?: string } = {}): Promise<Response | undefined> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined || init.raw !== undefined) headers['content-type'] = 'application/json';
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.csrfToken !== undefined) headers['x-csrf-token'] = init.csrfToken;
  try {
    const response = await fetch(`${target}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
      signal: AbortSignal.timeout(20_000),
    });
    const key = `${scenario} ${response.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return response;
  } catch (error) {
    const key = `${scenario} ${(error as Error).name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return undefined;
  }
}

/** Each scenario with its share of the traffic. */
const SCENARIOS: readonly (readonly [number, string, () => Promise<unknown>])[] = [
  [30, 'browse', () => call('browse', '/api/items?limit=10')],
  [18, 'item', () => call('item', `/api/items/${1 + Math.floor(Math.random() * 12)}`)], // 11 and 12 do not exist
  [6, 'signup', async () => {
    const account = Math.random() < 0.1 && accounts.length > 0 ? pick(accounts) : newAccount(); // some e-mails are taken
    const response = await call('signup', '/api/signup', { method: 'POST', body: { email: account.email, password: account.password } });
    if (response?.status === 201 && accounts.length < 1000) accounts.push(account);
  }],
  [13, 'login', async () => {
    if (accounts.length === 0) return call('login', '/api/login', { method: 'POST', body: { email: 'nobody@example.test', password: 'not-a-password' } });
    const account = pick(accounts);
    const wrong = Math.random() < 0.12;
    const response = await call('login', '/api/login', { method: 'POST', body: { email: account.email, password: wrong ? `${account.password}x` : account.password } });
    if (response?.ok) Object.assign(account, (await response.json()) as { token: string; csrfToken: string });
    return response;
  }],
  // Someone guessing one account's password: five failures, then the limiter answers 429.
  [1, 'guessing', async () => {
    if (accounts.length === 0) return;
    const account = pick(accounts);
    for (let attempt = 0; attempt < 6; attempt++) await call('guessing', '/api/login', { method: 'POST', body: { email: account.email, password: `guess-${attempt}-password` } });
  }],
  [2, 'logout', async () => {
    const account = accounts.find((candidate) => candidate.token !== undefined);
    if (!account) return;
    await call('logout', '/api/logout', { method: 'POST', token: account.token });
    account.token = undefined;
  }],
  [4, 'subscription', async () => {
    const account = accounts.find((candidate) => candidate.token !== undefined);
    if (!account) return;
    if (Math.random() < 0.15) return call('subscription', '/api/subscription', { method: 'DELETE', token: account.token });
    return call('subscription', '/api/subscription', { method: 'PUT', body: { plan: pick(['free', 'pro', 'team']) }, token: account.token });
  }],
  [1, 'admin', () => call('admin', '/api/admin/orders', { token: accounts.find((account) => account.token !== undefined)?.token })],
  [14, 'ask', () => call('ask', '/api/ask', {
    method: 'POST',
    body: { question: pick(['How do I revise for a maths exam?', 'Explain photosynthesis', 'What is a closure?']) },
    token: Math.random() < 0.5 ? anySignedInToken() : undefined,
  })],
  [12, 'checkout', () => {
    const account = Math.random() < 0.7 ? accounts.find((candidate) => candidate.token !== undefined) : undefined;
    return call('checkout', '/api/checkout', {
      method: 'POST',
      body: { itemId: 1 + Math.floor(Math.random() * 10), quantity: 1, cardNumber: Math.random() < 0.1 ? DECLINED_CARD : VALID_CARD },
      token: account?.token,
      // A signed-in checkout without its CSRF token now and then: the shop refuses it.
      csrfToken: Math.random() < 0.05 ? undefined : account?.csrfToken,
    });
  }],
  // One code in ten mistyped, which meets the coupon endpoint's bug (a 500): rare enough to
  // stay under the error-rate alerts, enough for the error group to show within minutes.
  [1, 'coupon', () => call('coupon', '/api/coupons/apply', {
    method: 'POST',
    body: { code: Math.random() < 0.9 ? pick(['WELCOME10', 'STUDENT20']) : pick(['welcome10', 'STUDENT-20', 'SPRING']) },
    token: anySignedInToken(),
  })],
  [3, 'bad-request', () => call('bad-request', '/api/checkout', { method: 'POST', raw: '{"itemId": 1, "cardNumber": ' })],
  [3, 'not-found', () => call('not-found', '/api/v2/items')],
];
const TOTAL_WEIGHT = SCENARIOS.reduce((sum, [weight]) => sum + weight, 0);

/** Every scenario once, in order, before the weighted picks: a short run still sees each. */
let firstPass = 0;

function chooseScenario(): () => Promise<unknown> {
  if (firstPass < SCENARIOS.length) return SCENARIOS[firstPass++]![2];
  let roll = Math.random() * TOTAL_WEIGHT;
  for (const [weight, , run] of SCENARIOS) {
    roll -= weight;
    if (roll < 0) return run;
  }
  return SCENARIOS[0]![2];
}

function report(final: boolean): void {
  const summary = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
  process.stdout.write(`${JSON.stringify({ load: final ? 'done' : 'progress', target, rate, responses: summary, skippedAtConcurrencyCap: skipped })}\n`);
}

let stopped = false;
process.once('SIGTERM', () => { stopped = true; });
process.once('SIGINT', () => { stopped = true; });
const progress = setInterval(() => report(false), 30_000);
const outages = outageEveryS > 0 ? setInterval(() => void authOutage(180).catch(() => {}), outageEveryS * 1000) : undefined;
const deadline = durationS > 0 ? Date.now() + durationS * 1000 : Infinity;
const pending = new Set<Promise<unknown>>();
const intervalMs = rate > 0 ? 1000 / rate : 1000;

for (let next = Date.now(); !stopped && Date.now() < deadline; next += intervalMs) {
  if (rate > 0) {
    if (inFlight >= MAX_IN_FLIGHT) skipped++;
    else {
      inFlight++;
      const request = chooseScenario()().finally(() => { inFlight--; pending.delete(request); });
      pending.add(request);
    }
  }
  await sleep(Math.max(0, next + intervalMs - Date.now()));
}
await Promise.allSettled(pending);
clearInterval(progress);
clearInterval(outages);
report(true);
