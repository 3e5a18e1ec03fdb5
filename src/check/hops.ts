// The hops the setup check walks, in order: the collector takes a span, a metric and a log
// record; Prometheus shows the metric and the error counter; Tempo and Loki show the trace and
// the log line where they can be reached; Alertmanager takes a test alert, routes it, and its
// receivers report whether they delivered it. Each hop is one result line.
import { CHECK_SERVICE, type CheckRun, logsPayload, metricsPayload, tracesPayload } from './payloads.js';
import { isUnreachable, poll, reason, request } from './requests.js';

export type Outcome = 'pass' | 'fail' | 'skip';

export interface HopResult {
  readonly hop: string;
  readonly outcome: Outcome;
  readonly detail: string;
}

export interface CheckTargets {
  readonly collector: string;
  readonly prometheus: string;
  readonly alertmanager: string;
  readonly tempo: string;
  readonly loki: string;
  /** The test alert's severity: it decides which receivers it reaches. */
  readonly severity: 'critical' | 'warning' | 'info';
  /** How long each hop waits for its data to show. */
  readonly timeoutMs: number;
}

export async function sendToCollector(collector: string, run: CheckRun): Promise<HopResult[]> {
  const signals = [['traces', tracesPayload(run)], ['metrics', metricsPayload(run)], ['logs', logsPayload(run)]] as const;
  return Promise.all(signals.map(async ([signal, payload]): Promise<HopResult> => {
    const url = `${collector}/v1/${signal}`;
    try {
      const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      if (response.ok) return { hop: `collector ${signal}`, outcome: 'pass', detail: `accepted at ${url}` };
      return { hop: `collector ${signal}`, outcome: 'fail', detail: `${url} answered ${response.status}: ${(await response.text()).slice(0, 200)}` };
    } catch (error) {
      return { hop: `collector ${signal}`, outcome: 'fail', detail: `${url}: ${reason(error)}` };
    }
  }));
}

async function prometheusSeries(prometheus: string, query: string): Promise<number | undefined> {
  const response = await request(`${prometheus}/api/v1/query?query=${encodeURIComponent(query)}`);
  if (!response.ok) throw new Error(`${prometheus} answered ${response.status}`);
  const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } };
  const first = body.data?.result?.[0];
  return first ? Number(first.value[1]) : undefined;
}

export async function findInPrometheus(targets: CheckTargets, run: CheckRun): Promise<HopResult[]> {
  const queries = [
    ['prometheus metric', `setup_check{check_id="${run.id}"}`],
    ['prometheus error counter', `app_errors_total{service_name="${CHECK_SERVICE}", error_fingerprint="${run.id}"}`],
  ] as const;
  const results: HopResult[] = [];
  for (const [hop, query] of queries) {
    try {
      const found = await poll(targets.timeoutMs, () => prometheusSeries(targets.prometheus, query));
      results.push(found === undefined
        ? { hop, outcome: 'fail', detail: `${query} not in ${targets.prometheus} after ${targets.timeoutMs / 1000} s: is the collector exporting to this Prometheus?` }
        : { hop, outcome: 'pass', detail: `${query} = ${found}` });
    } catch (error) {
      results.push({ hop, outcome: 'fail', detail: `${targets.prometheus}: ${reason(error)}` });
    }
  }
  return results;
}

/** Tempo and Loki: found, not found, or skipped when nothing answers there (a stack without them). */
export async function findInBackends(targets: CheckTargets, run: CheckRun): Promise<HopResult[]> {
  const backends = [
    {
      hop: 'tempo trace',
      url: `${targets.tempo}/api/traces/${run.traceId}`,
      found: async (response: Response) => response.ok,
    },
    {
      hop: 'loki log line',
      url: `${targets.loki}/loki/api/v1/query_range?query=${encodeURIComponent(`{service_name="${CHECK_SERVICE}"} |= "${run.id}"`)}&start=${run.startedAtMs - 60_000}000000`,
      found: async (response: Response) => response.ok && ((await response.json()) as { data?: { result?: unknown[] } }).data?.result?.length !== 0,
    },
  ];
  const results: HopResult[] = [];
  for (const backend of backends) {
    try {
      const ok = await poll(targets.timeoutMs, async () => ((await backend.found(await request(backend.url))) ? true : undefined));
      results.push(ok ? { hop: backend.hop, outcome: 'pass', detail: `found at ${backend.url.split('?')[0]}` } : { hop: backend.hop, outcome: 'fail', detail: `not found at ${backend.url.split('?')[0]} after ${targets.timeoutMs / 1000} s` });
    } catch (error) {
      results.push(isUnreachable(error)
        ? { hop: backend.hop, outcome: 'skip', detail: `nothing answers at ${backend.url.split('/api')[0].split('/loki')[0]} (${reason(error)})` }
        : { hop: backend.hop, outcome: 'fail', detail: `${backend.url.split('?')[0]}: ${reason(error)}` });
    }
  }
  return results;
}
