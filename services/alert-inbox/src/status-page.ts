// The status page, as a hosted uptime monitor shows it: every probed service up or down
// now, its uptime over 24 hours, 7 days and 30 days, and its incidents of the last 7 days;
// one page for all services (/status) and one per service (/status/<service>). Read-only,
// server-rendered HTML with no script, refreshed by the browser every 60 s.
import { escape } from './html.js';
import { type Incident, type ProbeStatus, UPTIME_WINDOWS } from './status.js';

/** 99.95%: three decimals at most, never rounded up to 100% while something failed. */
export function uptimeText(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return 'no data';
  const percent = Math.floor(ratio * 100_000) / 1000;
  return `${percent}%`;
}

/** 3 h 5 min, 12 min, 40 s. */
export function durationText(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const stateOf = (probe: ProbeStatus) => (probe.up === undefined ? 'unprobed' : probe.up ? 'up' : 'down');
const STATE_TEXT = { up: 'Up', down: 'Down', unprobed: 'Not probed now' } as const;

function incidentRow(incident: Incident, nowSeconds: number): string {
  const start = new Date(incident.start * 1000).toISOString();
  const ongoing = incident.end === undefined;
  const duration = durationText((incident.end ?? nowSeconds) - incident.start);
  return `<li class="incident${ongoing ? ' ongoing' : ''}"><time datetime="${start}">${start}</time>: ${ongoing ? `down for ${duration} so far` : `down for ${duration}, resolved ${new Date(incident.end! * 1000).toISOString()}`}</li>`;
}

function probeSection(probe: ProbeStatus, nowSeconds: number): string {
  const state = stateOf(probe);
  const uptimes = UPTIME_WINDOWS.map((window) => `<td class="uptime" data-window="${window}">${uptimeText(probe.uptime[window])}</td>`).join('');
  const incidents = probe.incidents.length === 0
    ? '<p class="no-incidents">No incidents in the last 7 days.</p>'
    : `<ul class="incidents">${probe.incidents.map((incident) => incidentRow(incident, nowSeconds)).join('')}</ul>`;
  return `<tr class="probe ${state}" data-instance="${escape(probe.instance)}"><td><code>${escape(probe.instance)}</code></td><td class="state">${STATE_TEXT[state]}</td>${uptimes}</tr>
<tr class="probe-incidents"><td colspan="${2 + UPTIME_WINDOWS.length}">${incidents}</td></tr>`;
}

function serviceSection(service: string, probes: readonly ProbeStatus[], nowSeconds: number): string {
  const state = probes.some((probe) => probe.up === false) ? 'down' : probes.some((probe) => probe.up) ? 'up' : 'unprobed';
  return `<section class="service ${state}" data-service="${escape(service)}">
<h2><a href="/status/${encodeURIComponent(service)}">${escape(service)}</a>: <span class="state">${STATE_TEXT[state]}</span></h2>
<table><thead><tr><th>probe</th><th>now</th>${UPTIME_WINDOWS.map((window) => `<th>uptime ${window}</th>`).join('')}</tr></thead>
<tbody>${probes.map((probe) => probeSection(probe, nowSeconds)).join('\n')}</tbody></table>
</section>`;
}

export function renderStatusPage(probes: readonly ProbeStatus[], { service, nowSeconds = Date.now() / 1000 }: { service?: string; nowSeconds?: number } = {}): string {
  const byService = new Map<string, ProbeStatus[]>();
  for (const probe of probes) byService.set(probe.service, [...(byService.get(probe.service) ?? []), probe]);
  const sections = [...byService].map(([name, items]) => serviceSection(name, items, nowSeconds)).join('\n');
  const title = service === undefined ? 'Status' : `Status of ${service}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="60">
<title>${escape(title)}</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
td, th { padding: .3rem .8rem; border-bottom: 1px solid #ddd; text-align: left; }
.up .state { color: #1a7f37; } .down .state { color: #cf222e; font-weight: bold; } .unprobed .state { color: #777; }
.incidents, .no-incidents { margin: 0; font-size: 13px; color: #555; }
.ongoing { color: #cf222e; }
</style></head>
<body><h1>${escape(title)}</h1>
<p>Probed from outside by the stack's blackbox exporter; uptime is the share of successful probes, incidents the runs of failed ones (last 7 days). Updated <time datetime="${new Date(nowSeconds * 1000).toISOString()}">${new Date(nowSeconds * 1000).toISOString()}</time>.${service === undefined ? '' : ' <a href="/status">All services</a>'}</p>
${sections || '<p class="empty">Nothing is probed yet: add targets to prometheus/targets/probes.yml.</p>'}
</body></html>
`;
}
