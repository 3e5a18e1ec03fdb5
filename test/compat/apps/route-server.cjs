// The plain node:http server of the client compat apps: one route per client, each answering
// 200 {"result": ...} with what its function resolves to, 500 with the error otherwise, 404 for
// any other path, and the port on stdout as the test harness reads it.
'use strict';
const http = require('node:http');

/** @param {Record<string, () => Promise<unknown>>} routes path -> what the route does */
function serveRoutes(routes) {
  const server = http.createServer(async (req, res) => {
    const route = routes[req.url];
    if (!route) return void res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: await route() }));
    } catch (error) {
      res.writeHead(500).end(String(error?.stack ?? error));
    }
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
  });
  return server;
}

module.exports = { serveRoutes };
