// The inbox's HTTP side. Routes:
//   POST /alertmanager                   Alertmanager webhook (the inbox receiver)
//   POST /sandbox/heartbeat              Alertmanager webhook (the watchdog's heartbeat)
//   POST /sandbox/slack                  Slack incoming-webhook stand-in
//   POST /sandbox/pagerduty/v2/enqueue   PagerDuty Events API v2 stand-in
//   GET  /api/notifications              JSON, newest first (?channel= &severity= &alertname= &limit=)
//   GET  /api/heartbeat                  when the watchdog was last heard
//   GET  /                               the page
//   GET  /docs/runbooks/<Name>.md        the runbooks the alerts link to
//   GET  /status, /status/<service>      the status page of the blackbox probes (from Prometheus)
//   GET  /api/status                     the same figures as JSON
//   GET  /healthz                        liveness
// (GET routes answer HEAD too.) Every refusal is JSON `{ "error": "..." }` with the status
// that says why: a path not listed here is 404 whatever the method, so a sender posting to
// a mistyped URL learns that the URL is wrong; a listed path asked with another method is
// 405 with an `Allow` header naming the methods it takes.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { InboxConfig } from './config.js';
import { renderPage } from './page.js';
import { loadStatus, PrometheusUnavailable } from './status.js';
import { renderStatusPage } from './status-page.js';
import { PayloadError, parseAlertmanager, parsePagerDuty, parseSlack, type AlertmanagerPayload } from './payloads.js';
import { CHANNELS, SEVERITIES, type Channel, type NewNotification, type NotificationStore, type Query } from './store.js';

const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>;
/** A path's handlers by HTTP method. */
type Methods = Record<string, Handler>;

export type Log = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;

function send(response: ServerResponse, status: number, body: string, type: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(response, status, `${JSON.stringify(value)}\n`, 'application/json; charset=utf-8', headers);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, `expected content-type application/json, got ${JSON.stringify(type)}`);
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, `body over ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'empty body: expected a JSON document');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `body is not valid JSON: ${(error as Error).message}`);
  }
}

function fromAlertmanager(channel: Channel, payload: AlertmanagerPayload): NewNotification {
  const names = [...new Set(payload.alerts.map((alert) => alert.labels.alertname!))];
  return {
    channel,
    receiver: payload.receiver,
    status: payload.status,
    alerts: payload.alerts,
    title: `[${payload.status.toUpperCase()}] ${names.join(', ')}`,
    text: payload.alerts.map((alert) => alert.annotations.summary ?? '').filter(Boolean).join('\n'),
    severities: [...new Set(payload.alerts.map((alert) => alert.labels.severity ?? ''))].filter(Boolean),
  };
}

function parseQuery(url: URL): Query {
  const channel = url.searchParams.get('channel') ?? undefined;
  if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel)) {
    throw new HttpError(400, `channel: expected one of ${CHANNELS.join(', ')}, got ${JSON.stringify(channel)}`);
  }
  const severity = url.searchParams.get('severity') ?? undefined;
  if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) {
    throw new HttpError(400, `severity: expected one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(severity)}`);
  }
  const limitText = url.searchParams.get('limit') ?? '100';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, `limit: expected an integer from 1 to 1000, got ${JSON.stringify(limitText)}`);
  const alertname = url.searchParams.get('alertname') ?? undefined;
  return { limit, ...(channel ? { channel: channel as Channel } : {}), ...(severity ? { severity } : {}), ...(alertname ? { alertname } : {}) };
}

export function createInboxServer(config: InboxConfig, store: NotificationStore, log: Log): Server {
  const posts: Record<string, (body: unknown) => { notification: NewNotification; reply: unknown }> = {
    '/alertmanager': (body) => ({ notification: fromAlertmanager('inbox', parseAlertmanager(body)), reply: { status: 'received' } }),
    '/sandbox/heartbeat': (body) => ({ notification: fromAlertmanager('heartbeat', parseAlertmanager(body)), reply: { status: 'received' } }),
    '/sandbox/slack': (body) => {
      const slack = parseSlack(body);
      return {
        notification: {
          channel: 'slack',
          alerts: [],
          title: slack.messages.map((message) => message.title).filter(Boolean).join(' | '),
          text: slack.messages.map((message) => message.text).join('\n'),
          severities: [],
          ...(slack.channel ? { receiver: slack.channel } : {}),
        },
        reply: 'ok',
      };
    },
    '/sandbox/pagerduty/v2/enqueue': (body) => {
      const event = parsePagerDuty(body);
      return {
        notification: { channel: 'pagerduty', alerts: [], title: event.summary || `${event.eventAction} ${event.dedupKey}`, text: `${event.eventAction} ${event.source}`.trim(), severities: event.severity ? [event.severity] : [] },
        // As PagerDuty answers an accepted event.
        reply: { status: 'success', message: 'Event processed', dedup_key: event.dedupKey },
      };
    },
  };

  /** Stores what a sandbox or webhook path accepted and answers as the real service would. */
  function accept(path: string, post: (body: unknown) => { notification: NewNotification; reply: unknown }): Handler {
    return async (request, response) => {
      let accepted;
      try {
        accepted = post(await readJson(request));
      } catch (error) {
        if (error instanceof PayloadError) throw new HttpError(400, error.message);
        throw error;
      }
      const stored = store.add(accepted.notification);
      log('info', 'notification', { channel: stored.channel, receiver: stored.receiver, status: stored.status, title: stored.title, alerts: stored.alerts.length });
      const status = path.startsWith('/sandbox/pagerduty') ? 202 : 200;
      if (typeof accepted.reply === 'string') send(response, status, accepted.reply, 'text/plain; charset=utf-8');
      else sendJson(response, status, accepted.reply);
    };
  }
  /** A read-only page: GET, and HEAD (Node leaves the body out of a HEAD response). */
  const readable = (handler: Handler): Methods => ({ GET: handler, HEAD: handler });

  // Every path the inbox serves, with the methods it takes there.
  const routes = new Map<string, Methods>([
    ...Object.entries(posts).map(([path, post]): [string, Methods] => [path, { POST: accept(path, post) }]),
    ['/healthz', readable(async (_request, response) => sendJson(response, 200, { status: 'ok' }))],
    ['/api/notifications', readable(async (_request, response, url) => sendJson(response, 200, { notifications: store.list(parseQuery(url)) }))],
    ['/api/heartbeat', readable(async (_request, response) => sendJson(response, 200, { lastSeenAt: store.lastHeartbeat ?? null }))],
    ['/', readable(async (_request, response) => send(response, 200, renderPage(store), 'text/html; charset=utf-8'))],
    ['/status', readable(async (_request, response) => send(response, 200, renderStatusPage(await status()), 'text/html; charset=utf-8'))],
    ['/api/status', readable(async (_request, response) => sendJson(response, 200, { probes: await status() }))],
  ]);
  /** The probes' status; Prometheus not answering is a 503 that says which Prometheus. */
  async function status() {
    try {
      return await loadStatus(config.prometheusUrl);
    } catch (error) {
      if (error instanceof PrometheusUnavailable) throw new HttpError(503, error.message);
      throw error;
    }
  }
  const serviceStatus = (service: string): Methods => readable(async (_request, response) => {
    const probes = (await status()).filter((probe) => probe.service === service);
    if (probes.length === 0) throw new HttpError(404, `no probed service ${JSON.stringify(service)}: see /status for the list`);
    send(response, 200, renderStatusPage(probes, { service }), 'text/html; charset=utf-8');
  });
  // Runbooks by file name; anything else under /docs/runbooks (a traversal, a subdirectory)
  // is not a path the inbox serves.
  const runbook = (name: string): Methods => readable(async (_request, response) => {
    let text;
    try {
      text = await readFile(join(config.runbooksDir, name), 'utf8');
    } catch {
      throw new HttpError(404, `no runbook ${name}`);
    }
    send(response, 200, text, 'text/markdown; charset=utf-8');
  });

  function route(pathname: string): Methods | undefined {
    const found = routes.get(pathname);
    if (found) return found;
    const service = /^\/status\/([^/]+)$/.exec(pathname)?.[1];
    if (service !== undefined) {
      let name;
      try {
        name = decodeURIComponent(service);
      } catch {
        throw new HttpError(400, `the service name in ${pathname} is not valid percent-encoding`);
      }
      return serviceStatus(name);
    }
    const name = /^\/docs\/runbooks\/([A-Za-z0-9_-]+\.md)$/.exec(pathname)?.[1];
    return name === undefined ? undefined : runbook(name);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://inbox');
    const methods = route(url.pathname);
    if (!methods) throw new HttpError(404, `no such path: ${url.pathname}`);
    const handler = Object.hasOwn(methods, request.method ?? '') ? methods[request.method!] : undefined;
    if (!handler) {
      const allow = Object.keys(methods).join(', ');
      throw new HttpError(405, `${url.pathname} takes ${allow}`, { allow });
    }
    await handler(request, response, url);
  }

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'internal error';
      log(status >= 500 ? 'warn' : 'info', 'request refused', { method: request.method, path: request.url, status, error: status >= 500 ? String(error) : message });
      if (!response.headersSent) sendJson(response, status, { error: message }, error instanceof HttpError ? error.headers : {});
      else response.destroy();
      // An unread body would otherwise hold the connection.
      request.resume();
    });
  });
}
