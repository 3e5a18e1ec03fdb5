// A fresh self-signed certificate for localhost, made by the openssl command in `directory`;
// a machine without openssl fails loudly.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Writes key.pem and cert.pem (an EC key, valid `days` days) and returns their paths. */
export function makeSelfSignedCertificate(directory, { days }) {
  const keyFile = join(directory, 'key.pem');
  const certFile = join(directory, 'cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', String(days), '-subj', '/CN=localhost', '-keyout', keyFile, '-out', certFile], { encoding: 'utf8' });
  if (made.error) throw new Error(`openssl is required to make the test certificate: ${made.error.message}`);
  if (made.status !== 0) throw new Error(`openssl failed:\n${made.stderr}`);
  return { keyFile, certFile };
}
