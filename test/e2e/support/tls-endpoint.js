// An HTTPS endpoint on 127.0.0.1 with a fresh self-signed certificate that expires in a
// chosen number of days, standing in for a team's public site in the TLS-expiry probe.
// The certificate is made by the openssl command; a machine without it fails loudly.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSelfSignedCertificate } from '../../support/certificate.js';

export async function startTlsEndpoint({ days }) {
  const directory = mkdtempSync(join(tmpdir(), 'tls-endpoint-'));
  process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
  const { keyFile, certFile } = makeSelfSignedCertificate(directory, { days });
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
