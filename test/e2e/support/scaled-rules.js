// The one transformation the end-to-end alert test makes to the real rule files: every
// `for:` duration divided by FOR_SCALE (5m -> 5s, 10m -> 10s; never below 1s), so that an
// alert's whole journey fits in a test run. Expressions, windows, thresholds, labels and
// annotations are untouched; that the real `for:` holds an alert back is proven by the
// promtool tests (prometheus/tests/alerts.test.yml).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/app-process.js';

export const FOR_SCALE = 60;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 };

export function scaleFor(text, scale = FOR_SCALE) {
  return text.replace(/^(\s+for: )(\d+)([smh])$/gm, (_, prefix, amount, unit) => `${prefix}${Math.max(1, Math.round((Number(amount) * UNIT_SECONDS[unit]) / scale))}s`);
}

/** Writes the scaled copies of prometheus/rules/*.yml into a temporary directory (removed at exit). */
export function writeScaledRules() {
  const source = join(REPO_ROOT, 'prometheus/rules');
  const target = mkdtempSync(join(tmpdir(), 'scaled-rules-'));
  process.on('exit', () => rmSync(target, { recursive: true, force: true }));
  const files = readdirSync(source).filter((name) => name.endsWith('.yml'));
  for (const name of files) writeFileSync(join(target, name), scaleFor(readFileSync(join(source, name), 'utf8')));
  return { dir: target, files };
}
