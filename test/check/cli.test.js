// The setup check's command line: options parsed and checked before anything is sent, a bad
// one named with its value and what it takes (exit 2), and the result lines' format.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { DEFAULT_TARGETS, formatResult, parseCheckArguments, UsageError } from '../../dist/check/cli.js';
import { REPO_ROOT } from '../support/app-process.js';

test('without options the check aims at the ports compose publishes', () => {
  assert.deepEqual(parseCheckArguments([]), DEFAULT_TARGETS);
  assert.equal(DEFAULT_TARGETS.collector, 'http://127.0.0.1:4318');
  assert.equal(DEFAULT_TARGETS.severity, 'warning');
});

test('options replace the defaults; trailing slashes go', () => {
  const targets = parseCheckArguments(['--collector', 'http://gw:4318/', '--severity', 'critical', '--timeout', '5']);
  assert.equal(targets.collector, 'http://gw:4318');
  assert.equal(targets.severity, 'critical');
  assert.equal(targets.timeoutMs, 5000);
  assert.equal(targets.prometheus, DEFAULT_TARGETS.prometheus);
});

for (const [args, message] of [
  [['--collector', 'otel:4318'], /--collector "otel:4318": expected an http:\/\/ or https:\/\/ URL/],
  [['--prometheus', 'not a url'], /--prometheus "not a url": expected an http/],
  [['--severity', 'page'], /--severity "page": expected one of critical, warning, info/],
  [['--timeout', '0'], /--timeout "0": expected seconds from 1 to 3600/],
  [['--timeout', 'soon'], /--timeout "soon"/],
  [['--colector', 'http://x'], /unknown option --colector/],
  [['--collector'], /--collector: expected --option value/],
]) {
  test(`${args.join(' ')} is refused with a message naming it`, () => {
    assert.throws(() => parseCheckArguments(args), (error) => error instanceof UsageError && message.test(error.message));
  });
}

test('a result line says the outcome, the hop and the detail', () => {
  assert.equal(formatResult({ hop: 'collector traces', outcome: 'pass', detail: 'accepted' }), `PASS  ${'collector traces'.padEnd(28)} accepted`);
  assert.match(formatResult({ hop: 'tempo trace', outcome: 'skip', detail: 'nothing answers' }), /^SKIP  tempo trace\s+nothing answers$/);
});

test('the command exits 2 on a bad option or command, before sending anything, and prints the usage', () => {
  for (const args of [['check', '--severity', 'loud'], ['chek'], []]) {
    const result = spawnSync(process.execPath, ['bin/node-otel-stack.js', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stdout + result.stderr, /usage: node-otel-stack check/);
  }
  const help = spawnSync(process.execPath, ['bin/node-otel-stack.js', '--help'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(help.status, 0);
});
