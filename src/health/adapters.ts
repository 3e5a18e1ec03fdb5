// The three health paths for plain node:http, Express (or any connect-style middleware
// stack) and Fastify. Only GET and HEAD are served; other methods get 405. Responses are JSON
// and never cached.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Health } from './health.js';

export const HEALTH_PATHS = Object.freeze({ liveness: '/health', readiness: '/health/ready', detailed: '/health/detailed' });

type Route = 'liveness' | 'readiness' | 'detailed';
const ROUTES = new Map<string, Route>(Object.entries(HEALTH_PATHS).map(([route, path]) => [path, route as Route]));

async function respond(health: Health, route: Route): Promise<{ statusCode: number; body: unknown }> {
  if (route === 'liveness') return { statusCode: 200, body: health.liveness() };
  return route === 'readiness' ? health.readiness() : health.detailed();
}

function send(response: ServerResponse, statusCode: number, body: unknown, headOnly: boolean): void {
  const text = JSON.stringify(body);
  response.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  response.end(headOnly ? undefined : text);
}

/** Serves a health path on a node:http request; returns false (and does nothing) for other paths. */
export function handleHealthRequest(health: Health, request: IncomingMessage, response: ServerResponse): boolean {
  const route = ROUTES.get((request.url ?? '/').split('?')[0]!);
  if (route === undefined) return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    send(response, 405, { error: `${request.method} is not allowed on ${HEALTH_PATHS[route]}; use GET` }, false);
    return true;
  }
  respond(health, route).then(
    ({ statusCode, body }) => send(response, statusCode, body, request.method === 'HEAD'),
    () => send(response, 500, { status: 'error' }, request.method === 'HEAD'),
  );
  return true;
}

/** Express / connect middleware: `app.use(healthMiddleware(health))`. */
export function healthMiddleware(health: Health): (request: IncomingMessage, response: ServerResponse, next: () => void) => void {
  return (request, response, next) => {
    if (!handleHealthRequest(health, request, response)) next();
  };
}

interface FastifyLike {
  route(options: { method: string | string[]; url: string; handler: (request: unknown, reply: FastifyReplyLike) => Promise<unknown> }): unknown;
}
interface FastifyReplyLike {
  code(statusCode: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(body: unknown): unknown;
}

/** Fastify plugin: `app.register(healthPlugin(health))`. */
export function healthPlugin(health: Health): (instance: FastifyLike) => Promise<void> {
  return async (instance) => {
    for (const [path, route] of ROUTES) {
      instance.route({
        method: 'GET',
        url: path,
        handler: async (_request, reply) => {
          const { statusCode, body } = await respond(health, route);
          return reply.code(statusCode).header('cache-control', 'no-store').send(body);
        },
      });
    }
  };
}
