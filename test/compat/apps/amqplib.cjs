// amqplib in a CommonJS app on plain node:http, against the RabbitMQ the test starts: a request
// to /orders/:id publishes the order to a queue, and the app's own consumer takes it off the
// queue and logs a pino line. The consumer runs outside the request, in the trace the message
// carries.
'use strict';
const http = require('node:http');
const amqp = require('amqplib');
const pino = require('pino');

const logger = pino();
const QUEUE = 'compat-orders';

async function main() {
  const connection = await amqp.connect(process.env.AMQP_URL);
  const channel = await connection.createChannel();
  await channel.assertQueue(QUEUE, { durable: false });
  await channel.consume(QUEUE, (message) => {
    logger.info({ order: message.content.toString() }, 'order consumed');
    channel.ack(message);
  });
  const server = http.createServer((req, res) => {
    const id = /^\/orders\/(\d+)$/.exec(req.url ?? '')?.[1];
    if (id === undefined) return void res.writeHead(404).end();
    channel.sendToQueue(QUEUE, Buffer.from(id));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: 'queued' }));
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
  });
}
main();
