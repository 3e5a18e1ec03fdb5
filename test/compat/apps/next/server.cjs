// Next.js 15 as a custom server (Next's documented way to run it inside an own node:http
// server; `next start` runs the same request handler): App Router route handlers with a
// dynamic segment, pino kept out of Next's bundle (next.config.mjs) so that it is the package
// the preload instruments. Built by the test (`next build` in this folder) before it runs.
'use strict';
const http = require('node:http');
const next = require('next');

const app = next({ dev: false, dir: __dirname });
const handle = app.getRequestHandler();
app.prepare().then(() => {
  const server = http.createServer((request, response) => handle(request, response));
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
  });
});
