// An HTTPS endpoint on 127.0.0.1 with a fresh self-signed certificate that expires in a
// chosen number of days, standing in for a team's public site in the TLS-expiry probe.
// The certificate is made by the openssl command; a machine without it fails loudly.
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startTlsEndpoint({ days }) {
  const directory = mkdtempSync(join(tmpdir(), 'tls-endpoint-'));
  process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
  const keyFile = join(directory, 'key.pem');
  const certFile = join(directory, 'cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', String(days), '-subj', '/CN=localhost', '-keyout', keyFile, '-out', certFile], { encoding: 'utf8' });
  if (made.error) throw new Error(`openssl is required to make the test certificate: ${made.error.message}`);
  if (made.status !== 0) throw new Error(`openssl failed:\n${made.stderr}`);
  const cert = readFileSync(certFile);
  const notAfterSeconds = Math.floor(new Date(new X509Certificate(cert).validTo).getTime() / 1000);
  const server = https.createServer({ key: readFileSync(keyFile), cert }, (_request, response) => response.end('ok'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return {
    port: server.address().port,
    notAfterSeconds,
    close() {
      server.ref();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
