// MariaDB through mysql (a pool) and mysql2 (its promise API, a prepared statement), as an ES
// module on plain node:http: one route per client, each running a query with a bound value
// inside the request. The password and the bound value may not reach a span.
import mysql from 'mysql';
import mysql2 from 'mysql2/promise';
import { serveRoutes } from './route-server.cjs';

const settings = {
  host: '127.0.0.1',
  port: Number(process.env.DB_PORT),
  user: 'shop',
  password: process.env.DB_PASSWORD,
  database: 'shop',
};
const mysqlPool = mysql.createPool({ ...settings, connectionLimit: 2 });
const mysql2Pool = mysql2.createPool({ ...settings, connectionLimit: 2 });
const TOKEN = process.env.BOUND_VALUE;

const routes = {
  '/mysql': () => new Promise((resolve, reject) => {
    mysqlPool.query('SELECT ? AS token, 7 AS n', [TOKEN], (error, rows) => (error ? reject(error) : resolve(rows[0].n)));
  }),
  // A prepared statement, and a query whose values mysql2 itself formats into the SQL text.
  '/mysql2': async () => {
    const [prepared] = await mysql2Pool.execute('SELECT ? AS token, 7 AS n', [TOKEN]);
    const [formatted] = await mysql2Pool.query('SELECT ? AS token, 8 AS n', [TOKEN]);
    return prepared[0].n + formatted[0].n;
  },
};

serveRoutes(routes);
