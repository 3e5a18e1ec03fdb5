// A few concurrent HTTP senders posting ready-made bodies to one URL over kept-alive
// connections, as several application processes' exporters would. Each waits for its answer
// before the next send (a closed loop, so the load follows what the receiving end takes).
// What was refused is counted and sent again after a pause, as an SDK's retry would, rather
// than dropped.
import http from 'node:http';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function post(agent, url, headers, body) {
  return new Promise((resolve) => {
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8', 0, 300) }));
    });
    request.on('error', (error) => resolve({ status: 0, text: error.message }));
    request.end(body);
  });
}

/**
 * `next()` returns { body, items } (items: spans or samples in the body), or null when there
 * is nothing more to send (`finished` then resolves).
 */
export function startSenders({ url, contentType, next, concurrency }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const headers = { 'content-type': contentType };
  const totals = { requests: 0, items: 0, refused: 0, lastRefusal: null };
  let running = true;
  const sender = async () => {
    while (running) {
      const request = next();
      if (!request) return;
      const { body, items } = request;
      for (;;) {
        const { status, text } = await post(agent, url, headers, body);
        if (status >= 200 && status < 300) { totals.requests++; totals.items += items; break; }
        totals.refused++;
        totals.lastRefusal = `${status} ${text}`.trim();
        if (!running) break;
        await sleep(100);
      }
    }
  };
  const loops = Array.from({ length: concurrency }, sender);
  return {
    totals,
    finished: Promise.all(loops).then(() => agent.destroy()),
    async stop() { running = false; await Promise.all(loops); agent.destroy(); },
  };
}
