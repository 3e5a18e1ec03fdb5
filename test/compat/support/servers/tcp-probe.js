// Asks a server a one-line question over TCP and resolves with what it answered: how the
// tests see that Redis (PING) and memcached (version) are up, without a client library.
import net from 'node:net';

export function askOverTcp(port, question, { timeoutMs = 1_000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no answer within ${timeoutMs} ms`)); }, timeoutMs);
    socket.on('connect', () => socket.write(question));
    socket.on('data', (chunk) => {
      answer += chunk;
      if (answer.endsWith('\r\n')) { clearTimeout(timer); socket.end(); resolve(answer); }
    });
    socket.on('error', (error) => { clearTimeout(timer); reject(error); });
  });
}
