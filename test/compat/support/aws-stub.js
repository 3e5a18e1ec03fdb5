// A local HTTP stub that answers the AWS SDK v3 as SQS, SNS, S3 and DynamoDB would, with the
// least each client accepts: SendMessage (JSON protocol, with the body's MD5 the client
// checks), Publish (query protocol, XML), PutObject (REST, an ETag) and GetItem (JSON
// protocol). The clients are pointed at it with `endpoint`; nothing leaves the machine.
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';

const json = (response, body) => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));

const TARGETS = {
  'AmazonSQS.SendMessage': (request, response) => json(response, {
    MessageId: randomUUID(),
    MD5OfMessageBody: createHash('md5').update(request.body.MessageBody ?? '').digest('hex'),
  }),
  'DynamoDB_20120810.GetItem': (_request, response) => json(response, { Item: { id: { S: '7' }, name: { S: 'compat' } } }),
};

export async function startAwsStub() {
  const calls = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const target = request.headers['x-amz-target'];
      calls.push({ method: request.method, url: request.url, target });
      if (target) {
        const answer = TARGETS[target];
        if (!answer) return void response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'UnknownOperationException' }));
        return void answer({ body: JSON.parse(raw || '{}') }, response);
      }
      if (request.method === 'POST' && new URLSearchParams(raw).get('Action') === 'Publish') {
        return void response.writeHead(200, { 'content-type': 'text/xml' }).end(
          `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
        );
      }
      if (request.method === 'PUT') return void response.writeHead(200, { etag: `"${createHash('md5').update(raw).digest('hex')}"` }).end();
      response.writeHead(400).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    calls,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
