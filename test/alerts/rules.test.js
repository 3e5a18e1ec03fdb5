// The alert rules: generated from prometheus/thresholds.json and committed as generated,
// valid for promtool of the major version the stack runs, proven by promtool's unit tests
// (fires above, silent just below, silent before `for`), and linted: every alert carries a
// CamelCase name, a severity, a summary, a description with its labels and value, and a
// runbook that exists and says what it means, how to confirm and what to do.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/app-process.js';
import { run } from '../e2e/support/stack.js';
import { OUTPUTS, THRESHOLDS } from '../../scripts/alert-rules.js';

const DOCUMENTED = ['C1', 'C2', 'C3', 'C4', 'C5', 'W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'I1', 'I2', 'I3', 'I4'];

/** Each `- alert:` block of alerts.yml as { name, text }. */
function alertBlocks() {
  const text = readFileSync(join(REPO_ROOT, 'prometheus/rules/alerts.yml'), 'utf8');
  return text.split(/\n(?= {6}- alert: )/).slice(1).map((block) => ({ name: /- alert: (\S+)/.exec(block)[1], text: block }));
}

const field = (block, name) => new RegExp(`^ +${name}: (.+)$`, 'm').exec(block.text)?.[1];

test('the committed rules, tests and docs are what scripts/alert-rules.js generates (npm run alerts)', () => {
  for (const [path, render] of Object.entries(OUTPUTS)) {
    assert.equal(readFileSync(join(REPO_ROOT, path), 'utf8'), render(), `${path} is out of date: run npm run alerts`);
  }
});

test('every documented threshold has its alert', () => {
  const thresholds = new Set(alertBlocks().map((block) => field(block, 'threshold')));
  for (const id of DOCUMENTED) assert.ok(thresholds.has(id), `threshold ${id}`);
  assert.ok(alertBlocks().length >= DOCUMENTED.length + 7, 'plus burn rates, event loop, pipeline, Prometheus, Alertmanager and the watchdog');
});

test('promtool accepts the rules and their unit tests pass', () => {
  const check = run('promtool', ['check', 'rules', 'prometheus/rules/recording.yml', 'prometheus/rules/alerts.yml']);
  assert.equal(check.status, 0, check.output);
  const unit = run('promtool', ['test', 'rules', 'prometheus/tests/alerts.test.yml']);
  assert.equal(unit.status, 0, unit.output);
  assert.match(unit.output, /SUCCESS/);
  const cases = readFileSync(join(REPO_ROOT, 'prometheus/tests/alerts.test.yml'), 'utf8').match(/^ {2}- name: /gm).length;
  assert.ok(cases >= 3 * DOCUMENTED.length, `${cases} promtool cases`);
});

test('every alert has a CamelCase name, a severity, a summary, a description with labels and value, and a runbook', () => {
  const byName = Object.fromEntries(Object.values(THRESHOLDS.alerts).map((alert) => [alert.name, alert]));
  for (const block of alertBlocks()) {
    const threshold = byName[block.name];
    assert.ok(threshold, `${block.name} is in thresholds.json`);
    assert.match(block.name, /^[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+$|^Watchdog$/, 'CamelCase');
    assert.match(field(block, 'severity'), /^(critical|warning|info)$/, block.name);
    assert.equal(field(block, 'for'), threshold.for === '0m' ? undefined : threshold.for, `${block.name} for:`);
    assert.ok(JSON.parse(field(block, 'summary')).length > 10, `${block.name} summary`);
    const description = JSON.parse(field(block, 'description'));
    if (block.name !== 'Watchdog') assert.match(description, /\{\{ \$labels\.\w+ \}\}/, `${block.name} description names the service`);
    if (threshold.value !== undefined) assert.match(description, /\{\{ \$value/, `${block.name} description gives the value`);
    const runbook = JSON.parse(field(block, 'runbook_url'));
    assert.equal(runbook, `docs/runbooks/${block.name}.md`);
    assert.ok(existsSync(join(REPO_ROOT, runbook)), `${runbook} exists`);
    const text = readFileSync(join(REPO_ROOT, runbook), 'utf8');
    for (const section of ['## What it means', '## How to confirm', '## What to do']) assert.ok(text.includes(section), `${runbook}: ${section}`);
    assert.ok(text.includes(threshold.summary), `${runbook} states the current threshold (${threshold.summary})`);
  }
});

test('ratio alerts have a minimum-traffic guard, and recording rules are named level:metric:operation', () => {
  for (const block of alertBlocks()) {
    if (/_ratio:(rate|increase)/.test(block.text) && !block.name.startsWith('ErrorBudget')) {
      assert.match(block.text, / >= \d+/, `${block.name} has a traffic guard`);
    }
  }
  const recording = readFileSync(join(REPO_ROOT, 'prometheus/rules/recording.yml'), 'utf8');
  const names = [...recording.matchAll(/- record: (\S+)/g)].map((match) => match[1]);
  assert.ok(names.length >= 10);
  for (const name of names) assert.match(name, /^[a-z]+:[a-z0-9_]+:[a-z0-9_]+$/, name);
});
