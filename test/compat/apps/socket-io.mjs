// socket.io server and client in one ES-module app: the client connects at start-up; a
// request to /announce makes the server emit to every client and waits for the client's
// acknowledgement, so the emit happens inside the request.
import http from 'node:http';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';

const server = http.createServer((req, res) => {
  if (req.url !== '/announce') return void res.writeHead(404).end();
  const received = new Promise((resolve) => client.once('news', resolve));
  sockets.emit('news', { headline: 'compat' });
  received.then((news) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: news.headline })));
});
const sockets = new Server(server);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const client = connect(`http://127.0.0.1:${server.address().port}`, { transports: ['websocket'] });
await new Promise((resolve) => client.once('connect', resolve));
process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
