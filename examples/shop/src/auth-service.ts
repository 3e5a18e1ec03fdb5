// The shop's authentication service: issues and verifies session tokens (HMAC-signed, so it
// keeps no state). It runs as its own process, so the shop has a real HTTP dependency whose
// outage it must survive and report (health check `auth`, threshold C5). An outage can be
// simulated on demand: POST /chaos {"downForSeconds": 180} makes it answer 503 to everything.
//   AUTH_PORT (3001)  AUTH_SECRET (random per start)  HOST (0.0.0.0)
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const port = Number(process.env.AUTH_PORT ?? 3001);
const host = process.env.HOST || '0.0.0.0';
const secret = process.env.AUTH_SECRET || randomBytes(32).toString('hex');
const TOKEN_TTL_MS = 30 * 60 * 1000;
let downUntil = 0;

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`auth: AUTH_PORT=${JSON.stringify(process.env.AUTH_PORT)} is not a port number\n`);
  process.exit(1);
}

const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

function issue(userId: number, now = Date.now()): { token: string; expiresAt: number } {
  const expiresAt = now + TOKEN_TTL_MS;
  const payload = `${userId}.${expiresAt}`;
  return { token: `${payload}.${sign(payload)}`, expiresAt };
}

function verify(token: string, now = Date.now()): number | undefined {
  const [userId, expiresAt, signature] = token.split('.');
  if (!userId || !expiresAt || !signature) return undefined;
  const expected = Buffer.from(sign(`${userId}.${expiresAt}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given) || Number(expiresAt) <= now) return undefined;
  return Number(userId);
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(request: http.IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let text = '';
  for await (const chunk of request) {
    text += chunk;
    if (text.length > 4096) return undefined;
  }
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

const server = http.createServer(async (request, response) => {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method === 'POST' && path === '/chaos') {
    const body = await readJson(request);
    const seconds = Number(body?.downForSeconds);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) return send(response, 400, { error: 'downForSeconds must be a number from 0 to 3600' });
    downUntil = Date.now() + seconds * 1000;
    return send(response, 200, { downUntil: new Date(downUntil).toISOString() });
  }
  if (Date.now() < downUntil) return send(response, 503, { error: 'auth service unavailable (simulated outage)' });
  if (request.method === 'GET' && path === '/health') return send(response, 200, { status: 'ok' });
  if (request.method === 'POST' && (path === '/tokens' || path === '/verify')) {
    const body = await readJson(request);
    if (!body) return send(response, 400, { error: 'the body must be a JSON object' });
    if (path === '/tokens') {
      if (!Number.isInteger(body.userId)) return send(response, 400, { error: 'userId must be an integer' });
      return send(response, 201, issue(body.userId as number));
    }
    const userId = typeof body.token === 'string' ? verify(body.token) : undefined;
    return userId === undefined ? send(response, 401, { error: 'invalid or expired token' }) : send(response, 200, { userId });
  }
  return send(response, 404, { error: `no route for ${request.method} ${path}` });
});

process.once('SIGTERM', () => server.close());
process.once('SIGINT', () => server.close());
server.listen(port, host, () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), name: 'auth', listening: typeof address === 'object' && address ? address.port : port, msg: 'auth service listening' })}\n`);
});
