// The stack's Go programs as scripts/build-stack-binaries.sh builds them into .cache/stack/bin
// (the collector from otel-collector/builder-config.yaml, Prometheus and promtool,
// Alertmanager and amtool, the blackbox exporter, the PostgreSQL exporter): where each one is, and a way to run one
// to completion. A missing binary is an error that says how to build it, never a skip.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/app-process.js';

export const STACK_BIN = join(REPO_ROOT, '.cache/stack/bin');

/** The path of a built binary; a missing one fails loudly instead of being skipped. */
export function binary(name) {
  const path = join(STACK_BIN, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/build-stack-binaries.sh (npm test runs it first; npm run build:stack builds it alone)`);
  return path;
}

/** Runs a binary to completion (validate, check config) and returns its output and status. */
export function run(name, args) {
  const result = spawnSync(binary(name), args, { encoding: 'utf8', cwd: REPO_ROOT });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
