// A receive-only SMTP server for the e-mail digest: Alertmanager's email_configs deliver here
// until the team points `smtp_smarthost` at its real mail relay. Plain SMTP (RFC 5321) without
// STARTTLS or AUTH, which is what Alertmanager uses when `smtp_require_tls` is false and no
// user name is set; messages over MAX_MESSAGE_BYTES are refused with 552.
import { createServer, type Server, type Socket } from 'node:net';

const MAX_MESSAGE_BYTES = 1024 * 1024;
const IDLE_TIMEOUT_MS = 30_000;

export interface Mail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  /** The text/plain part (quoted-printable and base64 decoded), else the whole body. */
  readonly text: string;
}

export function startSmtpSink(host: string, port: number, onMail: (mail: Mail) => void): Promise<Server> {
  const server = createServer((socket) => converse(socket, onMail));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function converse(socket: Socket, onMail: (mail: Mail) => void): void {
  socket.setEncoding('latin1');
  socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.end('421 4.4.2 idle too long\r\n'));
  socket.on('error', () => socket.destroy());
  let buffer = '';
  let from = '';
  let to: string[] = [];
  let data: string[] | undefined; // lines of the message while in DATA
  let dataBytes = 0;
  const reply = (line: string) => socket.write(`${line}\r\n`);
  reply('220 alert-inbox ESMTP ready');

  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (data) {
        if (line === '.') {
          const message = data.join('\r\n');
          data = undefined;
          if (dataBytes > MAX_MESSAGE_BYTES) {
            reply('552 5.3.4 message too big');
          } else {
            onMail({ from, to, ...parseMessage(message) });
            reply('250 2.0.0 accepted');
          }
          from = '';
          to = [];
          continue;
        }
        dataBytes += line.length + 2;
        if (dataBytes <= MAX_MESSAGE_BYTES) data.push(line.startsWith('..') ? line.slice(1) : line);
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') reply('250 alert-inbox');
      else if (verb === 'MAIL') {
        from = /<([^>]*)>/.exec(line)?.[1] ?? '';
        to = [];
        reply('250 2.1.0 ok');
      } else if (verb === 'RCPT') {
        const recipient = /<([^>]*)>/.exec(line)?.[1];
        if (!recipient) reply('501 5.1.3 expected RCPT TO:<address>');
        else {
          to.push(recipient);
          reply('250 2.1.5 ok');
        }
      } else if (verb === 'DATA') {
        if (to.length === 0) reply('503 5.5.1 RCPT first');
        else {
          data = [];
          dataBytes = 0;
          reply('354 end with <CRLF>.<CRLF>');
        }
      } else if (verb === 'RSET') {
        from = '';
        to = [];
        reply('250 2.0.0 ok');
      } else if (verb === 'NOOP') reply('250 2.0.0 ok');
      else if (verb === 'QUIT') {
        socket.end('221 2.0.0 bye\r\n');
        return;
      } else reply('502 5.5.2 command not implemented');
    }
    if (buffer.length > 64 * 1024) socket.end('500 5.5.6 line too long\r\n');
  });
}

/** Subject and readable text of a MIME message (enough for what Alertmanager sends). */
export function parseMessage(message: string): { subject: string; text: string } {
  const { headers, body } = splitHeaders(message);
  const subject = decodeWords(headers.get('subject') ?? '');
  return { subject, text: textOf(headers, body) };
}

function splitHeaders(part: string): { headers: Map<string, string>; body: string } {
  const split = part.indexOf('\r\n\r\n');
  const head = split === -1 ? part : part.slice(0, split);
  const body = split === -1 ? '' : part.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function textOf(headers: Map<string, string>, body: string): string {
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1).filter((part) => !part.startsWith('--'));
    const parsed = parts.map((part) => splitHeaders(part.replace(/^\r\n/, '')));
    const plain = parsed.find((part) => /^text\/plain/i.test(part.headers.get('content-type') ?? 'text/plain')) ?? parsed[0];
    return plain ? textOf(plain.headers, plain.body) : '';
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** RFC 2047 encoded words, as Go's mime package writes non-ASCII subjects. */
function decodeWords(text: string): string {
  return text.replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, kind: string, value: string) => kind.toLowerCase() === 'b'
    ? Buffer.from(value, 'base64').toString('utf8')
    : decodeQuotedPrintable(value.replace(/_/g, ' ')));
}
