// `node-otel-stack backup-succeeded --backup NAME`: the last step of a backup job, run only
// when the backup succeeded. It pushes the time of that success over OTLP/HTTP to the
// collector as `backup.last_success.timestamp` (Prometheus: backup_last_success_timestamp_
// seconds), labelled with the backup's name; Prometheus keeps the latest one (a recording
// rule carries it forward between pushes) and BackupMissing warns when it gets older
// than the schedule allows. The resource carries the service name only, so Prometheus makes
// no target_info of it: a job that reports and ends is not mistaken for a service gone silent.
// The same payload goes out with one curl command (the README shows it).

import { httpUrlOption } from './url-option.js';

export const BACKUP_USAGE = `usage: node-otel-stack backup-succeeded --backup NAME [--service NAME] [--environment NAME] [--collector URL]
Reports that the backup NAME succeeded now. Defaults: --service backups --environment production --collector http://127.0.0.1:4318`;

export class BackupUsageError extends Error {}

export interface BackupReport {
  readonly backup: string;
  readonly service: string;
  readonly environment: string;
  readonly collector: string;
}

const DEFAULTS = Object.freeze({ service: 'backups', environment: 'production', collector: 'http://127.0.0.1:4318' });
/** Names become label values: short words, never ids or free text. */
const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export function parseBackupArguments(args: readonly string[]): BackupReport {
  const values: Record<string, string> = { ...DEFAULTS };
  for (let index = 0; index < args.length; index += 2) {
    const option = args[index]!;
    const value = args[index + 1];
    const name = option.replace(/^--/, '');
    if (!option.startsWith('--') || value === undefined) throw new BackupUsageError(`${option}: expected --option value`);
    if (name === 'collector') {
      const url = httpUrlOption(value);
      if (url === undefined) throw new BackupUsageError(`--collector ${JSON.stringify(value)}: expected an http:// or https:// URL`);
      values.collector = url;
    } else if (name === 'backup' || name === 'service' || name === 'environment') {
      if (!NAME.test(value)) throw new BackupUsageError(`--${name} ${JSON.stringify(value)}: expected a name of letters, digits, '.', '_' or '-', starting with a letter, at most 64 characters`);
      values[name] = value;
    } else {
      throw new BackupUsageError(`unknown option ${option}`);
    }
  }
  if (values.backup === undefined) throw new BackupUsageError('--backup NAME is required: the name of the backup that succeeded');
  return values as unknown as BackupReport;
}

/** The OTLP/JSON request body: one gauge point, the success time in seconds since the epoch. */
export function backupPayload(report: BackupReport, nowMs: number): unknown {
  const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
  return {
    resourceMetrics: [{
      resource: { attributes: [text('service.name', report.service)] },
      scopeMetrics: [{
        scope: { name: 'node-otel-stack/backup' },
        metrics: [{
          name: 'backup.last_success.timestamp',
          description: 'When the backup last succeeded, in seconds since the epoch.',
          unit: 's',
          gauge: {
            dataPoints: [{
              asDouble: Math.floor(nowMs / 1000),
              timeUnixNano: `${BigInt(Math.floor(nowMs)) * 1_000_000n}`,
              attributes: [text('backup.name', report.backup), text('deployment.environment.name', report.environment)],
            }],
          },
        }],
      }],
    }],
  };
}

/** Sends the report; resolves with the exit status (0 sent, 1 refused or unreachable). */
export async function reportBackup(report: BackupReport, print: (line: string) => void, nowMs = Date.now()): Promise<number> {
  const url = `${report.collector}/v1/metrics`;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(backupPayload(report, nowMs)),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      print(`FAIL  ${url} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
      return 1;
    }
  } catch (error) {
    print(`FAIL  ${url}: ${(error as Error).message}`);
    return 1;
  }
  print(`OK    backup ${report.backup} (${report.service}, ${report.environment}) succeeded at ${new Date(nowMs).toISOString()}, reported to ${url}`);
  return 0;
}
