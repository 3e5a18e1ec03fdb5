// Runs the stack's alert inbox (services/alert-inbox, built by `npm run build`) as a process
// on 127.0.0.1, as docker-compose.yml runs it in its container: on ports the OS picks (port 0,
// which the inbox reports), or on those `env` gives (INBOX_PORT: npm run stack uses 9095).
import { REPO_ROOT, startApp } from './app-process.js';

export async function startInbox(env = {}) {
  const inbox = await startApp('services/alert-inbox/dist/main.js', {
    args: [],
    env: { INBOX_PORT: '0', INBOX_SMTP_PORT: '0', INBOX_RUNBOOKS_DIR: `${REPO_ROOT}docs/runbooks`, ...env },
  });
  const url = `http://127.0.0.1:${inbox.port}`;
  const smtpPort = Number(/"smtp":(\d+)/.exec(inbox.stdout)[1]);
  const stopApp = inbox.stop;
  // The app object itself, not a copy: its stdout is the one app-process.js keeps appending to.
  return Object.assign(inbox, {
    url,
    smtpPort,
    post: (path, body, type = 'application/json') => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    async notifications(query = {}) {
      const response = await fetch(`${url}/api/notifications?${new URLSearchParams(query)}`);
      if (!response.ok) throw new Error(`inbox query ${JSON.stringify(query)}: ${response.status} ${await response.text()}`);
      return (await response.json()).notifications;
    },
    // Held while it stops: Node 22's runner cancels a hook awaiting an unref'd child.
    stop: () => { inbox.child.ref(); return stopApp('SIGTERM'); },
  });
}

/** An Alertmanager webhook body (version 4) for the given alerts. */
export function webhook(receiver, alerts, status = 'firing') {
  return {
    version: '4', groupKey: `{}:{alertname="${alerts[0].labels.alertname}"}`, truncatedAlerts: 0, status, receiver,
    groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager:9093',
    alerts: alerts.map((alert, index) => ({ status, annotations: {}, startsAt: '2026-11-22T10:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: `f${index}${alert.labels.alertname}`, ...alert })),
  };
}
