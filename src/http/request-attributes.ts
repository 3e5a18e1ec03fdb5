// Small pure helpers that turn a Node request/response into semantic-convention values.
import type { IncomingMessage } from 'node:http';

export type PathMatcher = (path: string) => boolean;

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);

/** Unknown methods collapse to `_OTHER` so a client cannot create unbounded series. */
export function normaliseMethod(method: string | undefined): string {
  if (method === undefined) return '_OTHER';
  return KNOWN_METHODS.has(method) ? method : KNOWN_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : '_OTHER';
}

export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * The route template when no framework instrumentation reported one: Express keeps the
 * matched route on `req.route` and the mount path on `req.baseUrl`. Never the raw path.
 */
export function routeOf(request: IncomingMessage): string | undefined {
  const matched = (request as { route?: { path?: unknown } }).route?.path;
  if (typeof matched !== 'string') return undefined;
  const base = (request as { baseUrl?: unknown }).baseUrl;
  return typeof base === 'string' && base !== '' ? `${base}${matched === '/' ? '' : matched}` : matched;
}

/**
 * error.type for a finished request: the exception, the 5xx status, or `aborted` when the
 * connection closed before any response was sent. A client that goes away once the response
 * has started (a closed tab on an event stream, a cancelled download) is no failure of the
 * service: its status decides, as under the stock instrumentation.
 */
export function errorTypeOf(statusCode: number, responseStarted: boolean, error: unknown): string | undefined {
  if (error !== undefined) return error instanceof Error ? error.constructor.name : 'exception';
  if (!responseStarted) return 'aborted';
  if (statusCode >= 500) return String(statusCode);
  return undefined;
}

/** Exact paths, or prefixes when the entry ends in `*`. */
export function createPathMatcher(patterns: readonly string[]): PathMatcher {
  const exact = new Set(patterns.filter((pattern) => !pattern.endsWith('*')));
  const prefixes = patterns.filter((pattern) => pattern.endsWith('*')).map((pattern) => pattern.slice(0, -1));
  if (prefixes.length === 0) return (path) => exact.has(path);
  return (path) => exact.has(path) || prefixes.some((prefix) => path.startsWith(prefix));
}
