// PostgreSQL access for the shop: one pool, the schema, and the queries the routes use.
// Every query is parameterised; statements stay readable in traces (no values inlined).
import pg from 'pg';

export interface Item {
  readonly id: number;
  readonly name: string;
  readonly priceCents: number;
  readonly stock: number;
}

export interface UserRow {
  readonly id: number;
  readonly passwordHash: string;
  /** The subscription plan, or null before the first subscription. */
  readonly plan: string | null;
}

export const PLANS = Object.freeze(['free', 'pro', 'team'] as const);
export type Plan = (typeof PLANS)[number];
/** What each plan costs a month, in EUR: the monthly recurring revenue the shop reports. */
export const PLAN_PRICES_EUR: Readonly<Record<Plan, number>> = Object.freeze({ free: 0, pro: 9, team: 29 });

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id            serial PRIMARY KEY,
  email         text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE users ADD COLUMN IF NOT EXISTS plan text;
CREATE TABLE IF NOT EXISTS items (
  id          serial PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  price_cents integer NOT NULL CHECK (price_cents > 0),
  stock       integer NOT NULL CHECK (stock >= 0)
);
CREATE TABLE IF NOT EXISTS orders (
  id           serial PRIMARY KEY,
  user_id      integer REFERENCES users (id),
  item_id      integer NOT NULL REFERENCES items (id),
  quantity     integer NOT NULL CHECK (quantity > 0),
  amount_cents integer NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);`;

const CATALOGUE: readonly (readonly [string, number])[] = [
  ['Study planner', 1200], ['Flashcard pack', 800], ['Exam prep course', 4900],
  ['Essay review', 2500], ['Maths tutor hour', 3500], ['Science lab kit', 6400],
  ['Reading list', 500], ['Language course', 5900], ['Coding bootcamp seat', 9900],
  ['Gift card', 2000],
];

/** Unique-violation SQLSTATE: the e-mail is taken. */
export const UNIQUE_VIOLATION = '23505';

export class Database {
  readonly #pool: pg.Pool;

  constructor(connectionString: string) {
    // Short timeouts: a slow or unreachable database should fail requests quickly and
    // visibly (error_type on db_client_operation_duration_seconds), not pile them up.
    this.#pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 2000, idleTimeoutMillis: 30_000, statement_timeout: 5000 });
    // An idle client losing its connection must not crash the process.
    this.#pool.on('error', () => {});
  }

  async migrate(): Promise<void> {
    await this.#pool.query(SCHEMA);
    const values = CATALOGUE.map((_, index) => `($${index * 2 + 1}, $${index * 2 + 2}, 1000000)`).join(', ');
    await this.#pool.query(`INSERT INTO items (name, price_cents, stock) VALUES ${values} ON CONFLICT (name) DO NOTHING`, CATALOGUE.flat());
  }

  /** For the health check (postgresCheck runs `SELECT 1` through it). */
  get pool(): pg.Pool {
    return this.#pool;
  }

  async listItems(limit: number): Promise<Item[]> {
    const result = await this.#pool.query('SELECT id, name, price_cents, stock FROM items ORDER BY id LIMIT $1', [limit]);
    return result.rows.map(toItem);
  }

  async findItem(id: number): Promise<Item | undefined> {
    const result = await this.#pool.query('SELECT id, name, price_cents, stock FROM items WHERE id = $1', [id]);
    return result.rows[0] === undefined ? undefined : toItem(result.rows[0]);
  }

  async createUser(email: string, passwordHash: string): Promise<number> {
    const result = await this.#pool.query('INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id', [email, passwordHash]);
    return result.rows[0].id as number;
  }

  async findUser(email: string): Promise<UserRow | undefined> {
    const result = await this.#pool.query('SELECT id, password_hash, plan FROM users WHERE email = $1', [email]);
    const row = result.rows[0];
    return row === undefined ? undefined : { id: row.id, passwordHash: row.password_hash, plan: row.plan };
  }

  async planOf(userId: number): Promise<string | null> {
    const result = await this.#pool.query('SELECT plan FROM users WHERE id = $1', [userId]);
    return result.rows[0]?.plan ?? null;
  }

  /** Active subscriptions by plan. */
  async subscriptionsByPlan(): Promise<Record<string, number>> {
    const result = await this.#pool.query('SELECT plan, count(*)::int AS active FROM users WHERE plan IS NOT NULL GROUP BY plan');
    return Object.fromEntries(result.rows.map((row: { plan: string; active: number }) => [row.plan, row.active]));
  }

  async setPlan(userId: number, plan: Plan | null): Promise<void> {
    await this.#pool.query('UPDATE users SET plan = $2 WHERE id = $1', [userId, plan]);
  }

  /** Takes stock and records the order in one transaction; false when stock ran out. */
  async placeOrder(userId: number | undefined, item: Item, quantity: number): Promise<number | undefined> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const taken = await client.query('UPDATE items SET stock = stock - $2 WHERE id = $1 AND stock >= $2', [item.id, quantity]);
      if (taken.rowCount !== 1) {
        await client.query('ROLLBACK');
        return undefined;
      }
      const order = await client.query(
        'INSERT INTO orders (user_id, item_id, quantity, amount_cents) VALUES ($1, $2, $3, $4) RETURNING id',
        [userId ?? null, item.id, quantity, item.priceCents * quantity],
      );
      await client.query('COMMIT');
      return order.rows[0].id as number;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

function toItem(row: { id: number; name: string; price_cents: number; stock: number }): Item {
  return { id: row.id, name: row.name, priceCents: row.price_cents, stock: row.stock };
}
