// Writes the Prometheus rules, their promtool tests and docs/alerts.md from
// prometheus/thresholds.json (`npm run alerts`). With --check it writes nothing and exits 1
// if a committed file differs from what the code generates (test/alerts runs the same comparison).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderOutputs } from './outputs.js';
import { loadThresholds } from './thresholds.js';

const root = new URL('../../', import.meta.url);
const check = process.argv.includes('--check');
const outputs = renderOutputs(loadThresholds());
let stale = 0;
for (const [path, text] of Object.entries(outputs)) {
  const file = new URL(path, root);
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // not generated yet
  }
  if (committed === text) continue;
  stale++;
  if (check) console.error(`${path} differs from prometheus/src: run npm run alerts`);
  else writeFileSync(file, text);
}
if (check && stale > 0) process.exit(1);
console.log(`${Object.keys(outputs).length} files${check ? ' up to date' : ` written (${stale} changed)`}`);
