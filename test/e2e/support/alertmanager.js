// Alertmanager as a process on 127.0.0.1, with alertmanager/alertmanager.yml as compose mounts
// it, transformed the documented way: compose addresses become 127.0.0.1 ports (the alert
// inbox's HTTP and SMTP ports), /run/secrets, which compose fills from the environment,
// becomes a temporary directory holding `secrets`, and (for the tests, which have no
// internet) PagerDuty's address becomes the inbox's PagerDuty stand-in. It binds the port it
// is given, or one the OS picks (port 0) and reports in its "Listening on" log line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/app-process.js';
import { hostCommand } from '../../support/compose.js';
import { binary } from './binaries.js';
import { startProcess, waitForOutput, waitUntil } from './component-process.js';

let started = 0;

/**
 * @param {{ inbox: { port: number, smtpPort: number, url: string }, secrets?: Record<string, string>,
 *   port?: number, pagerDutyStandIn?: boolean }} options secrets: values for the files under
 *   /run/secrets (compose addresses in them are mapped like the file's); port: a fixed port
 *   (npm run stack), 0 or none for any free one; pagerDutyStandIn: false keeps PagerDuty's
 *   real address (npm run stack, as compose).
 */
export async function startAlertmanager({ inbox, secrets = {}, port: fixedPort = 0, pagerDutyStandIn = true }) {
  const toLocal = (text) => text
    .replaceAll('alert-inbox:9095', `127.0.0.1:${inbox.port}`)
    .replaceAll('alert-inbox:2525', `127.0.0.1:${inbox.smtpPort}`);
  const secretsDir = mkdtempSync(join(tmpdir(), 'alertmanager-secrets-'));
  const values = {
    pagerduty_routing_key: 'e2e-routing-key',
    slack_webhook_url: `${inbox.url}/sandbox/slack`,
    heartbeat_url: `${inbox.url}/sandbox/heartbeat`,
    smtp_auth_password: '',
    ...secrets,
  };
  for (const [name, value] of Object.entries(values)) writeFileSync(join(secretsDir, name), toLocal(value));
  let config = toLocal(readFileSync(join(REPO_ROOT, 'alertmanager/alertmanager.yml'), 'utf8')).replaceAll('/run/secrets/', `${secretsDir}/`);
  if (pagerDutyStandIn) config = config.replaceAll('https://events.pagerduty.com', `${inbox.url}/sandbox/pagerduty`);
  // Beside the original (git-ignored name), so the relative templates path resolves alike;
  // named by this process and a count, since the port is not known before the start.
  const configFile = join(REPO_ROOT, 'alertmanager', `.e2e-alertmanager-${process.pid}-${++started}.yml`);
  writeFileSync(configFile, config);
  process.on('exit', () => {
    rmSync(configFile, { force: true });
    rmSync(secretsDir, { recursive: true, force: true });
  });
  const alertmanager = startProcess('Alertmanager', binary('alertmanager'), hostCommand('alertmanager', { '--config.file': configFile, '--web.listen-address': `127.0.0.1:${fixedPort}` }));
  const [, port] = await waitForOutput(alertmanager, /msg="Listening on" address=127\.0\.0\.1:(\d+)/, 'Alertmanager\'s listening address');
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(alertmanager, async () => (await fetch(`${url}/-/ready`)).ok, 'Alertmanager to be ready');
  return {
    ...alertmanager,
    port: Number(port),
    url,
    configFile,
    async alerts() {
      return (await fetch(`${url}/api/v2/alerts`)).json();
    },
    async post(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!response.ok) throw new Error(`Alertmanager refused alerts: ${response.status} ${await response.text()}`);
    },
    /** A counter from Alertmanager's own metrics, summed over the series that match `labels`. */
    async metric(name, labels = {}) {
      const text = await (await fetch(`${url}/metrics`)).text();
      let sum = 0;
      for (const line of text.split('\n')) {
        if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
        if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return sum;
    },
  };
}
