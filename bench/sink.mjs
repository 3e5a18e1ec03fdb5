// A stand-in collector for the benchmark, in its own process as a real collector would be
// (in the bench process it would steal the load generator's event loop from exporting
// variants only). Accepts every OTLP POST with 200 and an empty body and counts them;
// GET /counts returns the counts since the previous call.
import http from 'node:http';

let posts = {};
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST') {
      posts[req.url] = (posts[req.url] ?? 0) + 1;
      res.writeHead(200).end();
    } else if (req.url === '/counts') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(posts));
      posts = {};
    } else {
      res.writeHead(404).end();
    }
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
