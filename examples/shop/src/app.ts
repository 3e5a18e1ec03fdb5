// The shop's HTTP API on Fastify, instrumented with the project's application API on top of
// the automatic request, database and outgoing-call telemetry: sign-ups, logins (with a
// failed-login limiter), payments, subscription changes, feature usage, sessions, security
// events (failed login, rate limited, CSRF failure, access denied), the timed AI question,
// captured errors with the user id, and health endpoints with PostgreSQL and auth checks.
// Request bodies are checked by JSON schemas, so malformed input gets a 400 naming the problem.
// One bug is left in on purpose (the coupon endpoint), so that the stack has a kind of error
// to report as new: see COUPONS.
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import {
  captureError, createHealth, healthPlugin, httpCheck, observeSubscriptions, postgresCheck, recordActiveUser, recordFeatureUsage,
  recordFunnelStep, recordLogin, recordPayment,
  recordSecurityEvent, recordSignup, recordSubscriptionChange, setOperationThreshold, timeOperation,
} from 'node-otel-stack';
import { AuthClient, AuthUnavailable, FailedLoginLimiter, hashPassword, SessionRegistry, verifyPassword } from './accounts.js';
import type { ShopConfig } from './config.js';
import { type Database, type Plan, PLAN_PRICES_EUR, PLANS, UNIQUE_VIOLATION } from './db.js';
import { askModel, chargeCard, luhnValid, PaymentDeclined, UpstreamError } from './simulations.js';

export interface ShopState {
  /** True once the schema is in place; the postgres check fails until then. */
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

/**
 * The coupons the shop knows. The bug the demo ships with: /api/coupons/apply reads the
 * discount of the code as typed, so an unknown or mistyped code throws a TypeError (a 500,
 * captured as an unhandled error) instead of answering 404: a kind of error the stack reports
 * as a new error group the first time it happens.
 */
const COUPONS: Readonly<Record<string, { percent: number }>> = { WELCOME10: { percent: 10 }, STUDENT20: { percent: 20 } };

/** An AI answer slower than this is logged as a warning: AI calls are the shop's slowest dependency. */
const AI_QUESTION_THRESHOLD_MS = 2000;

export function buildApp(config: ShopConfig, db: Database, logger: Logger, state: ShopState): FastifyInstance {
  // Request logging is off: the instrumentation already records every request as a span and
  // a histogram sample; the logs carry what a metric cannot (which order, which failure).
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });
  const auth = new AuthClient(config.authUrl);
  const sessions = new SessionRegistry();
  const limiter = new FailedLoginLimiter();
  const sweeper = setInterval(() => sessions.sweep(), 60_000);
  sweeper.unref();
  setOperationThreshold('ai_question', AI_QUESTION_THRESHOLD_MS);

  const health = createHealth({
    checks: [
      { ...postgresCheck({ query: async (sql: string) => { if (!state.migrated) throw new Error('schema not migrated yet'); return db.pool.query(sql); } }) },
      httpCheck(`${config.authUrl}/health`, { name: 'auth' }),
    ],
  });
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    health.stop();
  });
  void app.register(healthPlugin(health));
  // Subscriptions by plan and their monthly revenue, read from the database at each metric
  // collection.
  observeSubscriptions(async () => {
    if (!state.migrated) return { active: {} };
    const active = await db.subscriptionsByPlan();
    const recurring = Object.entries(active).reduce((sum, [plan, count]) => sum + count * (PLAN_PRICES_EUR[plan as Plan] ?? 0), 0);
    return { active, monthlyRecurringRevenue: { EUR: recurring } };
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status < 500) return reply.code(status).send({ error: error.message });
    captureError(error, { userId: (request as FastifyRequest & { userId?: number }).userId });
    return reply.code(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` }));

  /** The signed-in user, or undefined; throws AuthUnavailable when the auth service is down. */
  const userOf = async (request: FastifyRequest): Promise<{ userId: number; token: string } | undefined> => {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined) return undefined;
    const userId = await auth.verify(token);
    if (userId !== undefined) {
      (request as FastifyRequest & { userId?: number }).userId = userId;
      recordActiveUser(userId);
    }
    return userId === undefined ? undefined : { userId, token };
  };
  const authDown = (request: FastifyRequest, error: AuthUnavailable) => {
    captureError(error);
    request.log.error({ err: error }, 'auth service unavailable');
    return { status: 503, body: { error: 'sign-in is unavailable right now, try again shortly' } };
  };

  app.post<{ Body: Credentials }>('/api/signup', { schema: { body: credentials } }, async (request, reply) => {
    const passwordHash = await hashPassword(request.body.password);
    try {
      const userId = await db.createUser(request.body.email.toLowerCase(), passwordHash);
      recordSignup({ userType: 'free' });
      request.log.info({ userId }, 'user signed up');
      return reply.code(201).send({ userId });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return reply.code(409).send({ error: 'an account with this e-mail already exists' });
      throw error;
    }
  });

  app.post<{ Body: Credentials }>('/api/login', { schema: { body: credentials } }, async (request, reply) => {
    const account = request.body.email.toLowerCase();
    if (limiter.blocked(account)) {
      recordSecurityEvent('rate_limited');
      return reply.code(429).header('retry-after', '300').send({ error: 'too many failed attempts, try again in 5 minutes' });
    }
    const user = await db.findUser(account);
    if (user === undefined || !(await verifyPassword(request.body.password, user.passwordHash))) {
      limiter.fail(account);
      recordLogin({ outcome: 'failure' });
      request.log.warn('login failed');
      return reply.code(401).send({ error: 'wrong e-mail or password' });
    }
    try {
      const { token, expiresAt } = await auth.issue(user.id);
      limiter.succeed(account);
      recordLogin({ outcome: 'success', userType: user.plan ?? 'free' });
      return { token, csrfToken: sessions.open(token, expiresAt) };
    } catch (error) {
      if (!(error instanceof AuthUnavailable)) throw error;
      recordLogin({ outcome: 'failure', userType: user.plan ?? 'free' });
      const { status, body } = authDown(request, error);
      return reply.code(status).send(body);
    }
  });

  app.post('/api/logout', async (request, reply) => {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    return reply.code(token !== undefined && sessions.close(token) ? 204 : 401).send();
  });

  app.get<{ Querystring: { limit: number } }>('/api/items', {
    schema: { querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } } } },
  }, async (request) => ({ items: await db.listItems(request.query.limit) }));

  app.get<{ Params: { id: number } }>('/api/items/:id', {
    schema: { params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } } },
  }, async (request, reply) => {
    const item = await db.findItem(request.params.id);
    if (item) {
      recordFeatureUsage('item_details');
      recordFunnelStep('purchase', 'item_viewed');
    }
    return item ?? reply.code(404).send({ error: `no item ${request.params.id}` });
  });

  app.post<{ Body: Question }>('/api/ask', {
    schema: { body: { type: 'object', required: ['question'], additionalProperties: false, properties: { question: { type: 'string', minLength: 1, maxLength: 2000 } } } },
  }, async (request, reply) => {
    recordFeatureUsage('ai_question');
    const user = await userOf(request).catch(() => undefined); // who is affected when it fails
    try {
      return { answer: await timeOperation('ai_question', () => askModel(request.body.question, config.aiMedianMs, config.aiFailureRate)) };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      captureError(error, { userId: user?.userId });
      return reply.code(502).send({ error: 'the AI model is unavailable, try again' });
    }
  });

  app.put<{ Body: { plan: Plan } }>('/api/subscription', {
    schema: { body: { type: 'object', required: ['plan'], additionalProperties: false, properties: { plan: { type: 'string', enum: [...PLANS] } } } },
  }, async (request, reply) => {
    let user;
    try {
      user = await userOf(request);
    } catch (error) {
      if (!(error instanceof AuthUnavailable)) throw error;
      const { status, body } = authDown(request, error);
      return reply.code(status).send(body);
    }
    if (!user) return reply.code(401).send({ error: 'sign in first' });
    const before = await db.planOf(user.userId);
    const after = request.body.plan;
    if (before === after) return { plan: after, change: 'none' };
    await db.setPlan(user.userId, after);
    const change = before === null ? 'created' : PLANS.indexOf(after) > PLANS.indexOf(before as Plan) ? 'upgraded' : 'downgraded';
    recordSubscriptionChange({ change });
    return { plan: after, change };
  });

  app.delete('/api/subscription', async (request, reply) => {
    const user = await userOf(request).catch(() => undefined);
    if (!user) return reply.code(401).send({ error: 'sign in first' });
    if ((await db.planOf(user.userId)) === null) return reply.code(404).send({ error: 'no subscription' });
    await db.setPlan(user.userId, null);
    recordSubscriptionChange({ change: 'cancelled' });
    return reply.code(204).send();
  });

  app.post<{ Body: { code: string } }>('/api/coupons/apply', {
    schema: { body: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: { type: 'string', minLength: 1, maxLength: 32 } } } },
  }, async (request) => {
    await userOf(request).catch(() => undefined); // the user id, for the errors' users affected
    const { percent } = COUPONS[request.body.code.trim()]!; // the deliberate bug: see COUPONS
    recordFeatureUsage('coupon');
    return { code: request.body.code.trim(), percent };
  });

  app.get('/api/admin/orders', async (request, reply) => {
    // No account of the demo is an administrator: every caller is denied, and counted.
    recordSecurityEvent('access_denied');
    request.log.warn('access to the admin API denied');
    return reply.code(403).send({ error: 'administrators only' });
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
    recordFunnelStep('purchase', 'checkout_started');
    if (!luhnValid(cardNumber)) return reply.code(400).send({ error: 'the card number is not valid' });
    let user;
    try {
      user = await userOf(request);
    } catch (error) {
      if (!(error instanceof AuthUnavailable)) throw error;
      const { status, body } = authDown(request, error);
      return reply.code(status).send(body);
    }
    // A signed-in checkout must carry the session's CSRF token.
    if (user && !sessions.csrfMatches(user.token, request.headers['x-csrf-token'] as string | undefined)) {
      recordSecurityEvent('csrf_failed');
      return reply.code(403).send({ error: 'missing or wrong CSRF token' });
    }
    const item = await db.findItem(itemId);
    if (item === undefined) return reply.code(404).send({ error: `no item ${itemId}` });
    const amountCents = item.priceCents * quantity;
    try {
      const charge = await chargeCard(cardNumber, amountCents, config.paymentFailureRate);
      const orderId = await db.placeOrder(user?.userId, item, quantity);
      if (orderId === undefined) return reply.code(409).send({ error: `item ${itemId} is out of stock` });
      recordPayment({ outcome: 'success', amount: amountCents / 100, currency: 'EUR' });
      recordFunnelStep('purchase', 'paid');
      request.log.info({ orderId, amountCents, charge }, 'order placed');
      return reply.code(201).send({ orderId, amountCents });
    } catch (error) {
      if (error instanceof PaymentDeclined) {
        recordPayment({ outcome: 'failure', reason: 'declined' });
        request.log.info({ itemId, reason: error.reason }, 'payment declined');
        return reply.code(402).send({ error: 'the card was declined' });
      }
      if (error instanceof UpstreamError) {
        recordPayment({ outcome: 'failure', reason: 'error' });
        captureError(error, { userId: user?.userId });
        return reply.code(502).send({ error: 'the payment could not be processed, try again' });
      }
      throw error;
    }
  });

  return app;
}
