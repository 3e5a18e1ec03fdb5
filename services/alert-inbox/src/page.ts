// The inbox page: every alert Alertmanager reported, by severity (critical first), firing
// before resolved, each with its summary, labels and runbook link; then what the sandbox
// stand-ins received (what would have paged, posted or been mailed). Server-rendered HTML
// with no script, refreshed by the browser every 30 s.
import { escape } from './html.js';
import type { Alert } from './payloads.js';
import { SEVERITIES, type Notification, type NotificationStore } from './store.js';

const HEARTBEAT_STALE_MS = 5 * 60_000;

/**
 * A runbook_url as a link target: relative paths (docs/runbooks/X.md, as the rules write
 * them) are served by the inbox itself; http(s) URLs are kept; anything else is not linked.
 */
export function runbookHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (/^https?:\/\//i.test(url)) return url;
  if (/^[\w./-]+$/.test(url) && !url.includes('..')) return `/${url.replace(/^\/+/, '')}`;
  return undefined;
}

const SHOWN_LABELS = ['job', 'instance', 'service', 'service_name', 'deployment_environment_name', 'dependency', 'threshold'];

function alertRow({ alert, notifiedAt, receiver }: { alert: Alert; notifiedAt: string; receiver: string }): string {
  const href = runbookHref(alert.annotations.runbook_url);
  const labels = SHOWN_LABELS.filter((name) => alert.labels[name]).map((name) => `<code>${escape(name)}=${escape(alert.labels[name]!)}</code>`).join(' ');
  return `<tr class="alert ${alert.status}" data-alertname="${escape(alert.labels.alertname ?? '')}">
  <td class="status">${alert.status}</td>
  <td><strong class="alertname">${escape(alert.labels.alertname ?? '')}</strong><br>${escape(alert.annotations.summary ?? '')}</td>
  <td class="description">${escape(alert.annotations.description ?? '')}<br>${labels}</td>
  <td><time datetime="${escape(alert.startsAt)}">${escape(alert.startsAt)}</time><br><small>notified ${escape(notifiedAt)} via ${escape(receiver)}</small></td>
  <td>${href ? `<a class="runbook" href="${escape(href)}">runbook</a>` : '<span class="no-runbook">no runbook</span>'}</td>
</tr>`;
}

function severitySection(severity: string, rows: ReturnType<NotificationStore['currentAlerts']>): string {
  const sorted = [...rows].sort((a, b) => (a.alert.status === b.alert.status ? b.alert.startsAt.localeCompare(a.alert.startsAt) : a.alert.status === 'firing' ? -1 : 1));
  const firing = rows.filter((row) => row.alert.status === 'firing').length;
  return `<section id="${escape(severity)}" class="severity ${escape(severity)}">
<h2>${escape(severity)} <span class="count">${firing} firing</span></h2>
${sorted.length === 0 ? '<p class="empty">Nothing reported.</p>' : `<table><thead><tr><th>status</th><th>alert</th><th>description</th><th>since</th><th>runbook</th></tr></thead><tbody>
${sorted.map(alertRow).join('\n')}
</tbody></table>`}
</section>`;
}

function sandboxRow(item: Notification): string {
  return `<tr data-channel="${item.channel}"><td>${escape(item.receivedAt)}</td><td>${item.channel}</td><td>${escape(item.title)}</td></tr>`;
}

export function renderPage(store: NotificationStore, now = Date.now()): string {
  const current = store.currentAlerts();
  const bySeverity = new Map<string, typeof current>(SEVERITIES.map((severity) => [severity, []]));
  for (const row of current) {
    const severity = row.alert.labels.severity ?? '';
    if (!bySeverity.has(severity)) bySeverity.set(severity || 'unlabelled', []);
    bySeverity.get(severity || 'unlabelled')!.push(row);
  }
  const heartbeat = store.lastHeartbeat;
  const heartbeatState = heartbeat === undefined ? 'never' : now - Date.parse(heartbeat) > HEARTBEAT_STALE_MS ? 'stale' : 'ok';
  const sandbox = ['pagerduty', 'slack', 'email'].flatMap((channel) => store.list({ channel: channel as Notification['channel'], limit: 20 }));
  sandbox.sort((a, b) => b.id - a.id);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="30">
<title>Alert inbox</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; }
h2 { text-transform: capitalize; border-bottom: 3px solid #ccc; }
.critical h2 { border-color: #c62828; } .warning h2 { border-color: #f9a825; } .info h2 { border-color: #1565c0; }
.count { font-size: 0.7em; color: #555; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid #eee; }
tr.resolved { color: #777; }
.status { font-weight: bold; text-transform: uppercase; }
code { background: #f3f3f3; padding: 0 0.2rem; margin-right: 0.2rem; }
#heartbeat.stale, #heartbeat.never { color: #c62828; }
</style>
</head>
<body>
<h1>Alert inbox</h1>
<p>Every notification Alertmanager sent to this inbox, newest state per alert. JSON: <a href="/api/notifications">/api/notifications</a>.</p>
<p id="heartbeat" class="${heartbeatState}">Watchdog heartbeat: ${heartbeat ? `last seen ${escape(heartbeat)}` : 'never seen'}${heartbeatState === 'stale' ? ' (stale: the alerting pipeline may be broken)' : ''}.</p>
${[...bySeverity.entries()].map(([severity, rows]) => severitySection(severity, rows)).join('\n')}
<section id="sandbox">
<h2>Sandbox deliveries</h2>
<p>What Alertmanager sent to the stand-ins for PagerDuty, Slack and e-mail (only where those are not configured).</p>
${sandbox.length === 0 ? '<p class="empty">None.</p>' : `<table><thead><tr><th>received</th><th>channel</th><th>title</th></tr></thead><tbody>
${sandbox.map(sandboxRow).join('\n')}
</tbody></table>`}
</section>
</body>
</html>
`;
}
