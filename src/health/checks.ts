// Built-in dependency checks: PostgreSQL (any client or pool with query()), Redis (any client
// with ping()) and an HTTP dependency such as an auth service. They run with tracing
// suppressed, so a check every 15 s adds no spans or request metrics of its own.
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { DependencyCheck } from './health.js';

export interface CheckOptions {
  readonly name?: string;
  readonly timeoutMs?: number;
  readonly critical?: boolean;
}

function untraced<T>(work: () => Promise<T>): Promise<T> {
  return context.with(suppressTracing(context.active()), work);
}

function requireMethod(what: string, target: unknown, method: string): void {
  if (target === null || typeof target !== 'object' || typeof (target as Record<string, unknown>)[method] !== 'function') {
    throw new TypeError(`${what} needs an object with a ${method}() method, got ${target === null ? 'null' : typeof target}`);
  }
}

/** `SELECT 1` through a pg Pool or Client (or anything with query()). */
export function postgresCheck(pool: { query(sql: string): Promise<unknown> }, options: CheckOptions = {}): DependencyCheck {
  requireMethod('postgresCheck', pool, 'query');
  return { name: options.name ?? 'postgres', timeoutMs: options.timeoutMs, critical: options.critical, check: () => untraced(() => pool.query('SELECT 1')) };
}

/** PING through an ioredis or node-redis client (or anything with ping()). */
export function redisCheck(client: { ping(): Promise<unknown> }, options: CheckOptions = {}): DependencyCheck {
  requireMethod('redisCheck', client, 'ping');
  return { name: options.name ?? 'redis', timeoutMs: options.timeoutMs, critical: options.critical, check: () => untraced(() => client.ping()) };
}

/** A GET that must answer 2xx (or what `expectStatus` accepts). */
export function httpCheck(url: string | URL, options: CheckOptions & { expectStatus?: (status: number) => boolean } = {}): DependencyCheck {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new TypeError(`httpCheck needs an absolute http(s) URL, got ${JSON.stringify(String(url))}`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new TypeError(`httpCheck needs an http(s) URL, got ${target.protocol}`);
  const accept = options.expectStatus ?? ((status: number) => status >= 200 && status < 300);
  return {
    name: options.name ?? target.hostname.split('.')[0]!.toLowerCase().replace(/[^a-z0-9_-]/g, '_'),
    timeoutMs: options.timeoutMs,
    critical: options.critical,
    check: (signal) => untraced(async () => {
      const response = await fetch(target, { signal, redirect: 'manual' });
      await response.body?.cancel();
      if (!accept(response.status)) throw new Error(`${target.origin}${target.pathname} answered ${response.status}`);
    }),
  };
}
