// The shop's HTTP API on Fastify. Request bodies are checked by JSON schemas, so malformed
// input gets a 400 that names the problem; faults get a 500 (or 502 for a failed upstream)
// with no internal detail, and are logged with the trace id by the pino instrumentation.
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { hashPassword, Sessions, verifyPassword } from './accounts.js';
import type { ShopConfig } from './config.js';
import { type Database, UNIQUE_VIOLATION } from './db.js';
import { askModel, chargeCard, luhnValid, PaymentDeclined, UpstreamError } from './simulations.js';

export interface ShopState {
  /** True once the schema is in place; readiness reports 503 until then. */
  migrated: boolean;
}

const credentials = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
    password: { type: 'string', minLength: 8, maxLength: 128 },
  },
} as const;

interface Credentials { email: string; password: string }
interface Question { question: string }
interface Checkout { itemId: number; quantity: number; cardNumber: string }

export function buildApp(config: ShopConfig, db: Database, logger: Logger, state: ShopState): FastifyInstance {
  // Request logging is off: the instrumentation already records every request as a span and
  // a histogram sample; the logs carry what a metric cannot (which order, which failure).
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });
  const sessions = new Sessions();
  const sweeper = setInterval(() => sessions.sweep(), 60_000);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status < 500) return reply.code(status).send({ error: error.message });
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` }));

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_request, reply) => {
    const started = performance.now();
    try {
      if (!state.migrated) throw new Error('schema not migrated yet');
      await db.ping();
      return { status: 'ready', checks: { postgres: { status: 'up', latencyMs: Math.round(performance.now() - started) } } };
    } catch {
      return reply.code(503).send({ status: 'unavailable', checks: { postgres: { status: 'down', latencyMs: Math.round(performance.now() - started) } } });
    }
  });

  app.post<{ Body: Credentials }>('/api/signup', { schema: { body: credentials } }, async (request, reply) => {
    const passwordHash = await hashPassword(request.body.password);
    try {
      const userId = await db.createUser(request.body.email.toLowerCase(), passwordHash);
      request.log.info({ userId }, 'user signed up');
      return reply.code(201).send({ userId });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return reply.code(409).send({ error: 'an account with this e-mail already exists' });
      throw error;
    }
  });

  app.post<{ Body: Credentials }>('/api/login', { schema: { body: credentials } }, async (request, reply) => {
    const user = await db.findUser(request.body.email.toLowerCase());
    if (user === undefined || !(await verifyPassword(request.body.password, user.passwordHash))) {
      request.log.warn('login failed');
      return reply.code(401).send({ error: 'wrong e-mail or password' });
    }
    return { token: sessions.open(user.id) };
  });

  app.get<{ Querystring: { limit: number } }>('/api/items', {
    schema: { querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } } } },
  }, async (request) => ({ items: await db.listItems(request.query.limit) }));

  app.get<{ Params: { id: number } }>('/api/items/:id', {
    schema: { params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } } },
  }, async (request, reply) => {
    const item = await db.findItem(request.params.id);
    return item ?? reply.code(404).send({ error: `no item ${request.params.id}` });
  });

  app.post<{ Body: Question }>('/api/ask', {
    schema: { body: { type: 'object', required: ['question'], additionalProperties: false, properties: { question: { type: 'string', minLength: 1, maxLength: 2000 } } } },
  }, async (request, reply) => {
    try {
      return { answer: await askModel(request.body.question, config.aiMedianMs, config.aiFailureRate) };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      request.log.error({ err: error, upstream: error.upstream }, 'AI question failed');
      return reply.code(502).send({ error: 'the AI model is unavailable, try again' });
    }
  });

  app.post<{ Body: Checkout }>('/api/checkout', {
    schema: {
      body: {
        type: 'object',
        required: ['itemId', 'cardNumber'],
        additionalProperties: false,
        properties: {
          itemId: { type: 'integer', minimum: 1 },
          quantity: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
          cardNumber: { type: 'string', pattern: '^[0-9]{12,19}$' },
        },
      },
    },
  }, async (request, reply) => {
    const { itemId, quantity, cardNumber } = request.body;
    if (!luhnValid(cardNumber)) return reply.code(400).send({ error: 'the card number is not valid' });
    const item = await db.findItem(itemId);
    if (item === undefined) return reply.code(404).send({ error: `no item ${itemId}` });
    const userId = sessions.userFor(request.headers.authorization);
    const amountCents = item.priceCents * quantity;
    try {
      const charge = await chargeCard(cardNumber, amountCents, config.paymentFailureRate);
      const orderId = await db.placeOrder(userId, item, quantity);
      if (orderId === undefined) return reply.code(409).send({ error: `item ${itemId} is out of stock` });
      request.log.info({ orderId, amountCents, charge }, 'order placed');
      return reply.code(201).send({ orderId, amountCents });
    } catch (error) {
      if (error instanceof PaymentDeclined) {
        request.log.info({ itemId, reason: error.reason }, 'payment declined');
        return reply.code(402).send({ error: 'the card was declined' });
      }
      if (error instanceof UpstreamError) {
        request.log.error({ err: error, upstream: error.upstream }, 'payment failed');
        return reply.code(502).send({ error: 'the payment could not be processed, try again' });
      }
      throw error;
    }
  });

  return app;
}
