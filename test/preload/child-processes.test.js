// A child forked into another working directory inherits `--import ./instrument` (through
// process.execArgv, or NODE_OPTIONS) and must start as it does without the preload: the flag
// that loaded the preload is pinned to its file URL, and no other flag is touched.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { realpathSync } from 'node:fs';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { pinPreloadArguments } from '../../dist/preload/child-processes.js';
import { REPO_ROOT, runToEnd } from '../support/app-process.js';

const FIXTURE = 'test/fixtures/fork-elsewhere.cjs';
const INSTRUMENT_URL = pathToFileURL(realpathSync(`${REPO_ROOT}/instrument`)).href;
const REGISTER_URL = pathToFileURL(realpathSync(`${REPO_ROOT}/dist/register.js`)).href;

function run(args, env = {}) {
  return runToEnd(FIXTURE, { args, env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', ...env } });
}

test('bare, the fork into another folder starts (the reference)', async () => {
  const bare = await run([]);
  assert.equal(bare.code, 0, bare.stderr);
  assert.deepEqual(JSON.parse(bare.stdout), { childExit: 0, childExecArgv: [], childCwd: realpathSync(tmpdir()) });
});

test('under --import ./instrument, the child forked into another folder starts with the preload pinned to its file', async () => {
  const preloaded = await run(['--import', './instrument']);
  assert.equal(preloaded.code, 0, preloaded.stderr);
  assert.equal(preloaded.stderr, '');
  assert.deepEqual(JSON.parse(preloaded.stdout), { childExit: 0, childExecArgv: ['--import', INSTRUMENT_URL], childCwd: realpathSync(tmpdir()) });
});

test('under NODE_OPTIONS=--import=./instrument, the child starts too', async () => {
  const preloaded = await run([], { NODE_OPTIONS: '--import=./instrument' });
  assert.equal(preloaded.code, 0, preloaded.stderr);
  assert.equal(JSON.parse(preloaded.stdout).childExit, 0);
});

test('only the flag that loaded the preload is rewritten, in each of its spellings', () => {
  const others = ['--require', './tracing.cjs', '--import', 'tsx', '--import=./other.mjs', '--enable-source-maps'];
  assert.equal(pinPreloadArguments(others, REPO_ROOT), others, 'nothing of ours: the same array');
  assert.deepEqual(pinPreloadArguments([...others, '--import', './instrument'], REPO_ROOT), [...others, '--import', INSTRUMENT_URL]);
  assert.deepEqual(pinPreloadArguments(['--import=./instrument'], REPO_ROOT), [`--import=${INSTRUMENT_URL}`]);
  assert.deepEqual(pinPreloadArguments(['--import', 'node-otel-stack/register'], REPO_ROOT), ['--import', REGISTER_URL], 'the package entry, resolved from the app\'s folder');
  assert.deepEqual(pinPreloadArguments(['--import', INSTRUMENT_URL], REPO_ROOT), ['--import', INSTRUMENT_URL], 'already absolute');
  assert.deepEqual(pinPreloadArguments(['--import', './instrument'], tmpdir()), ['--import', './instrument'], 'not ours from there: left alone');
});
