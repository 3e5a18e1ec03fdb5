// The command line (bin/node-otel-stack.js): `check`, below, and `backup-succeeded`
// (backup-report.ts). `node-otel-stack check`: is the stack set up so that telemetry
// arrives and alerts reach a person? It sends a test span, metric, log record and error
// through the collector, waits until each shows in Prometheus (and in Tempo and Loki where
// they answer), sends a test alert through Alertmanager and reports which receivers
// delivered it. One line per hop, PASS, FAIL or SKIP with the reason; exit status 0 when
// nothing failed, 1 otherwise, 2 for bad arguments. The defaults are the ports docker
// compose publishes on 127.0.0.1.
import { alertThroughAlertmanager } from './alert-hop.js';
import { BACKUP_USAGE, BackupUsageError, parseBackupArguments, reportBackup } from './backup-report.js';
import { type CheckTargets, findInBackends, findInPrometheus, type HopResult, sendToCollector } from './hops.js';
import { newRun } from './payloads.js';
import { httpUrlOption } from './url-option.js';

export const DEFAULT_TARGETS: CheckTargets = Object.freeze({
  collector: 'http://127.0.0.1:4318',
  prometheus: 'http://127.0.0.1:9090',
  alertmanager: 'http://127.0.0.1:9093',
  tempo: 'http://127.0.0.1:3200',
  loki: 'http://127.0.0.1:3100',
  severity: 'warning',
  timeoutMs: 90_000,
});

const URL_OPTIONS = ['collector', 'prometheus', 'alertmanager', 'tempo', 'loki'] as const;
const SEVERITIES = ['critical', 'warning', 'info'] as const;

export const USAGE = `usage: node-otel-stack check [--collector URL] [--prometheus URL] [--alertmanager URL]
                              [--tempo URL] [--loki URL] [--severity critical|warning|info] [--timeout SECONDS]
Defaults: ${URL_OPTIONS.map((name) => `--${name} ${DEFAULT_TARGETS[name]}`).join(' ')} --severity warning --timeout 90
The test alert's severity decides who it reaches: critical pages.`;

export class UsageError extends Error {}

/** The options, checked: a bad one throws a UsageError naming it, the value and what it takes. */
export function parseCheckArguments(args: readonly string[]): CheckTargets {
  const targets: Record<string, unknown> = { ...DEFAULT_TARGETS };
  for (let index = 0; index < args.length; index += 2) {
    const option = args[index]!;
    const value = args[index + 1];
    const name = option.replace(/^--/, '');
    if (!option.startsWith('--') || value === undefined) throw new UsageError(`${option}: expected --option value`);
    if ((URL_OPTIONS as readonly string[]).includes(name)) {
      const url = httpUrlOption(value);
      if (url === undefined) throw new UsageError(`--${name} ${JSON.stringify(value)}: expected an http:// or https:// URL`);
      targets[name] = url;
    } else if (name === 'severity') {
      if (!(SEVERITIES as readonly string[]).includes(value)) throw new UsageError(`--severity ${JSON.stringify(value)}: expected one of ${SEVERITIES.join(', ')}`);
      targets['severity'] = value;
    } else if (name === 'timeout') {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) throw new UsageError(`--timeout ${JSON.stringify(value)}: expected seconds from 1 to 3600`);
      targets['timeoutMs'] = seconds * 1000;
    } else {
      throw new UsageError(`unknown option ${option}`);
    }
  }
  return targets as unknown as CheckTargets;
}

export function formatResult({ hop, outcome, detail }: HopResult): string {
  return `${outcome.toUpperCase().padEnd(5)} ${hop.padEnd(28)} ${detail}`;
}

/** Runs every hop, printing each result as it comes; resolves with the exit status. */
export async function runCheck(targets: CheckTargets, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<number> {
  const run = newRun();
  let failed = false;
  const report = (results: readonly HopResult[]) => {
    for (const result of results) {
      failed ||= result.outcome === 'fail';
      print(formatResult(result));
    }
  };
  const sent = await sendToCollector(targets.collector, run);
  report(sent);
  if (sent.every((result) => result.outcome === 'pass')) {
    report(await findInPrometheus(targets, run));
    report(await findInBackends(targets, run));
  }
  report(await alertThroughAlertmanager(targets, run));
  return failed ? 1 : 0;
}

export async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n${BACKUP_USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === 'backup-succeeded') return backupSucceeded(rest);
  if (command !== 'check') {
    process.stderr.write(`unknown command ${JSON.stringify(command)}\n${USAGE}\n${BACKUP_USAGE}\n`);
    return 2;
  }
  try {
    return await runCheck(parseCheckArguments(rest));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

async function backupSucceeded(args: readonly string[]): Promise<number> {
  let report;
  try {
    report = parseBackupArguments(args);
  } catch (error) {
    if (error instanceof BackupUsageError) {
      process.stderr.write(`${error.message}\n${BACKUP_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  return reportBackup(report, (line) => process.stdout.write(`${line}\n`));
}
