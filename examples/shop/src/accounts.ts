// Accounts for the shop: password hashing and in-memory sessions. Passwords are hashed with
// scrypt and compared in constant time; a session is a random bearer token.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number }) => Promise<Buffer>;
// A lower cost than scrypt's default (2^14) keeps the demo's CPU for the telemetry under
// load; a real service keeps the default or higher.
const COST = 2 ** 12;
const KEY_LENGTH = 32;
const SESSION_TTL_MS = 30 * 60 * 1000;

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

export class Sessions {
  readonly #byToken = new Map<string, { userId: number; expiresAt: number }>();

  open(userId: number, now = Date.now()): string {
    const token = randomBytes(24).toString('base64url');
    this.#byToken.set(token, { userId, expiresAt: now + SESSION_TTL_MS });
    return token;
  }

  /** The user id behind an `Authorization: Bearer <token>` header, if the session is live. */
  userFor(authorization: string | undefined, now = Date.now()): number | undefined {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (token === undefined) return undefined;
    const session = this.#byToken.get(token);
    if (session === undefined) return undefined;
    if (session.expiresAt <= now) {
      this.#byToken.delete(token);
      return undefined;
    }
    return session.userId;
  }

  get size(): number {
    return this.#byToken.size;
  }

  /** Drops expired sessions; called on a timer so the map stays bounded. */
  sweep(now = Date.now()): void {
    for (const [token, session] of this.#byToken) if (session.expiresAt <= now) this.#byToken.delete(token);
  }
}
