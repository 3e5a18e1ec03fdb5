// MariaDB through mysql (a pool) and mysql2 (its promise API, a prepared statement), as an ES
// module on plain node:http: one route per client, each running a query with a bound value
// inside the request. The password and the bound value may not reach a span.
import http from 'node:http';
import mysql from 'mysql';
import mysql2 from 'mysql2/promise';

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

const server = http.createServer(async (req, res) => {
  const route = routes[req.url];
  if (!route) return void res.writeHead(404).end();
  try {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: await route() }));
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});
