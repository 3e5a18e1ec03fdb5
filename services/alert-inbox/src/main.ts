// The alert inbox: a small service of the stack that receives every Alertmanager
// notification (and, until real accounts are configured, what would have gone to Slack,
// PagerDuty and e-mail), logs each one as a JSON line, keeps the recent ones and shows them.
//   node services/alert-inbox/dist/main.js
// It also serves the status page of the stack's blackbox probes, read from Prometheus.
// Settings: INBOX_HOST, INBOX_PORT, INBOX_SMTP_PORT, INBOX_KEEP, INBOX_RUNBOOKS_DIR,
// INBOX_PROMETHEUS_URL.
import type { AddressInfo } from 'node:net';
import { readConfig } from './config.js';
import { createInboxServer, type Log } from './server.js';
import { startSmtpSink } from './smtp.js';
import { NotificationStore } from './store.js';

// pino's line shape, so the stack's log tooling reads the inbox like the apps.
const log: Log = (level, msg, fields) => {
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`);
};

let config;
try {
  config = readConfig();
} catch (error) {
  process.stderr.write(`alert-inbox: ${(error as Error).message}\n`);
  process.exit(2);
}

const store = new NotificationStore(config.keep);
const smtp = await startSmtpSink(config.host, config.smtpPort, (mail) => {
  const stored = store.add({ channel: 'email', receiver: mail.to.join(', '), alerts: [], title: mail.subject, text: mail.text, severities: [] });
  log('info', 'notification', { channel: 'email', receiver: stored.receiver, title: stored.title });
});
const server = createInboxServer(config, store, log);
await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
log('info', 'inbox ready', { listening: (server.address() as AddressInfo).port, smtp: (smtp.address() as AddressInfo).port, host: config.host });

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    smtp.close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
