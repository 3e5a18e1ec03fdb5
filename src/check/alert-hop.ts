// The setup check's last hops: a test alert into Alertmanager, the receivers it routes it to,
// and, per kind of integration those receivers use (webhook, Slack, e-mail, PagerDuty, ...),
// whether the delivery succeeded, read from Alertmanager's own notification counters. Those
// counters are per integration, not per receiver, so a delivery of another alert through the
// same integration in the same minute counts too: the check says "delivered" or "failed", not
// which message. The alert is resolved afterwards, so it does not stay firing.
import type { CheckTargets, HopResult } from './hops.js';
import { CHECK_SERVICE, type CheckRun } from './payloads.js';
import { poll, reason, request } from './requests.js';

/** Delivery attempts (HTTP requests, mails) per integration, and how many of them failed. */
type Counters = Map<string, { attempts: number; failed: number }>;

/**
 * alertmanager_notification_requests_total and _failed_total by integration: per attempt, so
 * a failure shows at the first try rather than when Alertmanager's retries give up.
 */
async function notificationCounters(alertmanager: string): Promise<Counters> {
  const text = await (await request(`${alertmanager}/metrics`)).text();
  const counters: Counters = new Map();
  for (const line of text.split('\n')) {
    const sample = /^alertmanager_notification_requests(_failed)?_total\{[^}]*integration="([^"]+)"[^}]*\} (\S+)$/.exec(line);
    if (!sample) continue;
    const entry = counters.get(sample[2]!) ?? { attempts: 0, failed: 0 };
    if (sample[1]) entry.failed += Number(sample[3]);
    else entry.attempts += Number(sample[3]);
    counters.set(sample[2]!, entry);
  }
  return counters;
}

/**
 * The integrations each receiver uses, from the configuration Alertmanager loaded (its status
 * API gives it back as YAML in its own layout: `- name:` per receiver, `  <kind>_configs:` per
 * integration, the kind being the counters' integration label).
 */
async function integrationsByReceiver(alertmanager: string): Promise<Map<string, string[]>> {
  const status = (await (await request(`${alertmanager}/api/v2/status`)).json()) as { config?: { original?: string } };
  const lines = (status.config?.original ?? '').split('\n');
  const byReceiver = new Map<string, string[]>();
  let current: string[] | undefined;
  let inReceivers = false;
  for (const line of lines) {
    if (/^\w/.test(line)) inReceivers = line === 'receivers:'; // a top-level key
    if (!inReceivers) continue;
    const name = /^- name: (.+)$/.exec(line)?.[1];
    if (name !== undefined) byReceiver.set(name.replace(/^(["'])(.*)\1$/, '$2'), (current = []));
    const kind = /^ {2}(\w+)_configs:/.exec(line)?.[1];
    if (kind && current) current.push(kind);
  }
  return byReceiver;
}

function alertBody(run: CheckRun, severity: string, endsAt: Date): unknown {
  return [{
    labels: { alertname: 'SetupCheck', severity, job: CHECK_SERVICE, check_id: run.id },
    annotations: { summary: 'A test alert sent by the setup check', description: `Sent by \`node-otel-stack check\` (run ${run.id}) to see which receivers deliver it.` },
    startsAt: new Date(run.startedAtMs).toISOString(),
    endsAt: endsAt.toISOString(),
  }];
}

export async function alertThroughAlertmanager(targets: CheckTargets, run: CheckRun): Promise<HopResult[]> {
  const { alertmanager, severity, timeoutMs } = targets;
  const post = (endsAt: Date) => request(`${alertmanager}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alertBody(run, severity, endsAt)) });
  let before: Counters;
  try {
    before = await notificationCounters(alertmanager);
    const response = await post(new Date(Date.now() + 10 * 60_000));
    if (!response.ok) return [{ hop: 'alertmanager', outcome: 'fail', detail: `${alertmanager} refused the test alert: ${response.status} ${(await response.text()).slice(0, 200)}` }];
  } catch (error) {
    return [{ hop: 'alertmanager', outcome: 'fail', detail: `${alertmanager}: ${reason(error)}` }];
  }
  const results: HopResult[] = [{ hop: 'alertmanager', outcome: 'pass', detail: `took a ${severity} test alert (SetupCheck, check_id=${run.id})` }];

  const filter = encodeURIComponent(`check_id="${run.id}"`);
  const receivers = await poll(timeoutMs, async () => {
    // A hiccup of the API is retried like a slow answer.
    const alerts = (await (await request(`${alertmanager}/api/v2/alerts?filter=${filter}`)).json().catch(() => [])) as { receivers?: { name: string }[] }[];
    const names = alerts[0]?.receivers?.map((receiver) => receiver.name);
    return names && names.length > 0 ? names : undefined;
  });
  if (!receivers) return [...results, { hop: 'alertmanager routes', outcome: 'fail', detail: 'the test alert was routed to no receiver' }];
  results.push({ hop: 'alertmanager routes', outcome: 'pass', detail: `routed to ${receivers.join(', ')}` });

  // Deliveries happen after each route's group wait: wait until every integration of the
  // receivers the alert was routed to has moved, or the time is up.
  let expected: string[];
  try {
    const integrations = await integrationsByReceiver(alertmanager);
    expected = [...new Set(receivers.flatMap((name) => integrations.get(name) ?? []))];
  } catch (error) {
    return [...results, { hop: 'receivers', outcome: 'fail', detail: `${alertmanager}/api/v2/status: ${reason(error)}` }];
  }
  if (expected.length === 0) return [...results, { hop: 'receivers', outcome: 'fail', detail: `${receivers.join(', ')} ${receivers.length === 1 ? 'has' : 'have'} no integration: the alert reaches nobody` }];
  const movedSince = (after: Counters, integration: string) => {
    const was = before.get(integration) ?? { attempts: 0, failed: 0 };
    const now = after.get(integration) ?? was;
    const failed = now.failed - was.failed;
    return { delivered: now.attempts - was.attempts - failed, failed };
  };
  let latest = before;
  await poll(timeoutMs, async () => {
    latest = await notificationCounters(alertmanager);
    return expected.every((integration) => {
      const { delivered, failed } = movedSince(latest, integration);
      return delivered > 0 || failed > 0;
    }) ? true : undefined;
  });
  for (const integration of expected) {
    const { delivered, failed } = movedSince(latest, integration);
    const hop = `receiver ${integration}`;
    if (delivered > 0) results.push({ hop, outcome: 'pass', detail: failed > 0 ? `delivered, after ${failed} failed attempts` : 'delivered' });
    else if (failed > 0) results.push({ hop, outcome: 'fail', detail: `${failed} failed ${failed === 1 ? 'attempt' : 'attempts'}, none delivered (Alertmanager's log says why)` });
    else results.push({ hop, outcome: 'fail', detail: `nothing sent within ${timeoutMs / 1000} s (the route's group wait may be longer)` });
  }

  await post(new Date()).catch(() => {}); // resolved: it does not stay firing
  return results;
}
