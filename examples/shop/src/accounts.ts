// Accounts for the shop: password hashing, the client of the auth service that issues and
// verifies session tokens, the registry of open sessions (the active-sessions gauge and the
// CSRF token of each session) and a limiter of failed logins per account.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { sessionEnded, sessionStarted } from 'node-otel-stack';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number }) => Promise<Buffer>;
// A lower cost than scrypt's default (2^14) keeps the demo's CPU for the telemetry under
// load; a real service keeps the default or higher.
const COST = 2 ** 12;
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N: COST });
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, expected] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || expected === undefined) return false;
  const key = await scrypt(password, Buffer.from(salt, 'base64'), KEY_LENGTH, { N: COST });
  const wanted = Buffer.from(expected, 'base64');
  return key.length === wanted.length && timingSafeEqual(key, wanted);
}

/** The auth service did not answer usefully (down, 5xx, timeout): the shop answers 503. */
export class AuthUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthUnavailable';
  }
}

export class AuthClient {
  constructor(private readonly baseUrl: string) {}

  async #post(path: string, body: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(2000),
      });
    } catch (error) {
      throw new AuthUnavailable(`auth service unreachable: ${(error as Error).message}`);
    }
    if (response.status >= 500) throw new AuthUnavailable(`auth service answered ${response.status}`);
    return response;
  }

  async issue(userId: number): Promise<{ token: string; expiresAt: number }> {
    const response = await this.#post('/tokens', { userId });
    if (response.status !== 201) throw new AuthUnavailable(`auth service refused to issue a token (${response.status})`);
    return (await response.json()) as { token: string; expiresAt: number };
  }

  /** The user behind a token; undefined when the token is invalid or expired. */
  async verify(token: string): Promise<number | undefined> {
    const response = await this.#post('/verify', { token });
    if (response.status === 401) return undefined;
    return ((await response.json()) as { userId: number }).userId;
  }
}

/** Open sessions: the app.sessions.active gauge goes up on login and down on logout or expiry. */
export class SessionRegistry {
  readonly #sessions = new Map<string, { expiresAt: number; csrf: string }>();

  open(token: string, expiresAt: number): string {
    const csrf = randomBytes(16).toString('base64url');
    this.#sessions.set(token, { expiresAt, csrf });
    sessionStarted();
    return csrf;
  }

  close(token: string): boolean {
    if (!this.#sessions.delete(token)) return false;
    sessionEnded();
    return true;
  }

  csrfMatches(token: string, csrf: string | undefined): boolean {
    const session = this.#sessions.get(token);
    if (!session || csrf === undefined || csrf.length !== session.csrf.length) return false;
    return timingSafeEqual(Buffer.from(csrf), Buffer.from(session.csrf));
  }

  sweep(now = Date.now()): void {
    for (const [token, session] of this.#sessions) if (session.expiresAt <= now) this.close(token);
  }
}

/** Failed logins per account: past `limit` within `windowMs`, further attempts are refused. */
export class FailedLoginLimiter {
  readonly #failures = new Map<string, number[]>();
  constructor(private readonly limit = 5, private readonly windowMs = 5 * 60 * 1000) {}

  blocked(account: string, now = Date.now()): boolean {
    const recent = (this.#failures.get(account) ?? []).filter((time) => time > now - this.windowMs);
    if (recent.length === 0) this.#failures.delete(account);
    else this.#failures.set(account, recent);
    return recent.length >= this.limit;
  }

  fail(account: string, now = Date.now()): void {
    if (this.#failures.size > 10_000) this.#failures.clear(); // bounded memory under a spray
    this.#failures.set(account, [...(this.#failures.get(account) ?? []), now]);
  }

  succeed(account: string): void {
    this.#failures.delete(account);
  }
}
