// Values a data-store test plants where an instrumentation could copy them into a span (a
// password in the connection settings, a bound parameter, a stored value), and the check that
// none of them did.
import assert from 'node:assert/strict';
import { everySpanAttributeValue } from './telemetry.js';

export const PASSWORD = 'compat-password-9f3a';
export const SECRET_VALUE = 'compat-secret-value-4b7e';

/** Fails if a span name or attribute of anything the receiver got holds one of `secrets`. */
export function assertNoSecretInSpans(receiver, secrets = [PASSWORD, SECRET_VALUE]) {
  const values = everySpanAttributeValue(receiver);
  assert.ok(values.length > 0, 'spans were exported at all');
  for (const secret of secrets) {
    const leaked = values.filter((value) => value.includes(secret));
    assert.deepEqual(leaked, [], `no span carries ${secret}`);
  }
}
