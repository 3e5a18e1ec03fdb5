// Validates thresholds.json against thresholds.schema.json, so that a typo (a severity of
// "urgent", a value in quotes, a misspelt key) stops the generator with the field it is in,
// instead of producing rules that promtool accepts and that never fire.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import type { Thresholds } from './thresholds.js';

export const THRESHOLDS_SCHEMA_FILE = new URL('../thresholds.schema.json', import.meta.url);

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile<Thresholds>(JSON.parse(readFileSync(THRESHOLDS_SCHEMA_FILE, 'utf8')));

/** Throws with one line per problem, each naming its field (`alerts.W1.severity: must be ...`). */
export function assertValidThresholds(data: unknown): asserts data is Thresholds {
  if (validate(data)) return;
  const problems = (validate.errors ?? []).map(describe);
  throw new Error(`prometheus/thresholds.json does not match prometheus/thresholds.schema.json:\n${[...new Set(problems)].join('\n')}`);
}

function describe(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map(unescapePointer);
  // For these the field at fault is a child the instance path does not reach.
  const child = error.propertyName ?? error.params['missingProperty'] ?? error.params['additionalProperty'] ?? error.params['propertyName'];
  if (typeof child === 'string') path.push(child);
  const allowed = error.params['allowedValues'];
  const detail = Array.isArray(allowed) ? ` (${allowed.join(', ')})` : '';
  return `  ${path.join('.') || '(top level)'}: ${error.message ?? 'is invalid'}${detail}`;
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
