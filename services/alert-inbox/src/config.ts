// The inbox's settings, read once from the environment. A bad value stops the start with a
// message naming the variable and the value: the inbox is a service of its own, and one that
// silently listened somewhere else would lose notifications.

export interface InboxConfig {
  readonly host: string;
  /** HTTP: Alertmanager's webhook, the sandbox endpoints, the JSON API and the page. */
  readonly port: number;
  /** SMTP sink for the e-mail digest (0: a free port, useful in tests). */
  readonly smtpPort: number;
  /** How many notifications (of every channel together) are kept; the oldest go first. */
  readonly keep: number;
  /** Where docs/runbooks lives, so the page's runbook links open offline. */
  readonly runbooksDir: string;
  /** The Prometheus the status page reads the blackbox probes from. */
  readonly prometheusUrl: string;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}=${JSON.stringify(raw)} is not an integer from ${min} to ${max}`);
  }
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^https?:\/\/[^/\s]+/.test(raw)) throw new Error(`${name}=${JSON.stringify(raw)} is not an http:// or https:// URL`);
  return raw.replace(/\/+$/, '');
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): InboxConfig {
  return Object.freeze({
    host: env.INBOX_HOST || '127.0.0.1',
    port: integer(env, 'INBOX_PORT', 9095, 0, 65535),
    smtpPort: integer(env, 'INBOX_SMTP_PORT', 2525, 0, 65535),
    keep: integer(env, 'INBOX_KEEP', 500, 1, 100_000),
    runbooksDir: env.INBOX_RUNBOOKS_DIR || 'docs/runbooks',
    prometheusUrl: url(env, 'INBOX_PROMETHEUS_URL', 'http://127.0.0.1:9090'),
  });
}
