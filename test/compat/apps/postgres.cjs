// PostgreSQL through pg, pg-pool and knex, as a CommonJS app on plain node:http: one route per
// client, each running a query with a bound parameter inside the request, and one query with
// the value written into its text. DATABASE_URL carries a password; neither it nor the value
// may reach a span.
'use strict';
const { Client, Pool } = require('pg');
const knex = require('knex');
const { serveRoutes } = require('./route-server.cjs');

const url = process.env.DATABASE_URL;
const pool = new Pool({ connectionString: url, max: 4 });
const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
const TOKEN = process.env.BOUND_VALUE;

const routes = {
  // A client of its own: connect, query, end.
  '/pg': async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query('SELECT $1::text AS token, 7 AS n', [TOKEN])).rows[0].n;
    } finally {
      await client.end();
    }
  },
  // The pool: two queries at once, so it holds two connections.
  '/pg-pool': async () => {
    const [first] = await Promise.all([
      pool.query('SELECT $1::text AS token, pg_sleep(0.05)', [TOKEN]),
      pool.query('SELECT count(*) AS tables FROM pg_catalog.pg_tables'),
    ]);
    return first.rowCount;
  },
  // SQL written by hand with its values in it: the literals must not reach a span.
  '/pg-inline': async () => (await pool.query(`SELECT '${TOKEN}'::text AS token, 7 AS n`)).rows[0].n,
  '/knex': async () => (await db('pg_catalog.pg_tables').where('tablename', TOKEN).select('schemaname')).length,
};

serveRoutes(routes);
