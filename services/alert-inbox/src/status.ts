// The status page's figures, from the blackbox probes Prometheus keeps (probe_success of the
// `blackbox` job): for each probed target, whether it is up now, its uptime over 24 hours, 7
// days and 30 days, and its incidents, the runs of failed probes in the last 7 days at
// one-minute resolution (Prometheus answers at most 11,000 points per series: 7 days of
// minutes fit, 30 days do not, and the 30-day uptime needs no incident list).

export const UPTIME_WINDOWS = Object.freeze(['24h', '7d', '30d'] as const);
export type UptimeWindow = (typeof UPTIME_WINDOWS)[number];
const INCIDENT_DAYS = 7;
const STEP_SECONDS = 60;

export interface Incident {
  /** Unix seconds of the first failed probe seen. */
  readonly start: number;
  /** Unix seconds of the first successful probe after it; undefined while it lasts. */
  readonly end: number | undefined;
}

export interface ProbeStatus {
  readonly service: string;
  /** The probed target: a URL, host:port or host. */
  readonly instance: string;
  /** Undefined when the target is not probed any more (it left the targets file). */
  readonly up: boolean | undefined;
  readonly uptime: Readonly<Partial<Record<UptimeWindow, number>>>;
  /** Newest first. */
  readonly incidents: readonly Incident[];
}

export class PrometheusUnavailable extends Error {}

type Sample = [number, string];
interface Series<T> { metric: Record<string, string>; value?: Sample; values?: T }

async function query<T>(prometheusUrl: string, path: string, parameters: Record<string, string>): Promise<Series<T>[]> {
  let response: Response;
  try {
    response = await fetch(`${prometheusUrl}${path}?${new URLSearchParams(parameters)}`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new PrometheusUnavailable(`Prometheus at ${prometheusUrl} cannot be reached (${(error as Error).message})`);
  }
  const body = (await response.json().catch(() => undefined)) as { status?: string; error?: string; data?: { result?: Series<T>[] } } | undefined;
  if (!response.ok || body?.status !== 'success') {
    throw new PrometheusUnavailable(`Prometheus at ${prometheusUrl} answered ${response.status}: ${body?.error ?? 'not a query result'}`);
  }
  return body.data?.result ?? [];
}

const keyOf = (metric: Record<string, string>) => `${metric.service ?? ''}\u0000${metric.instance ?? ''}`;

/** Every probe's status, by service then target. */
export async function loadStatus(prometheusUrl: string, nowSeconds = Date.now() / 1000): Promise<ProbeStatus[]> {
  const time = String(nowSeconds);
  const selector = 'probe_success{job="blackbox"}';
  const [current, history, ...uptimes] = await Promise.all([
    query<never>(prometheusUrl, '/api/v1/query', { query: selector, time }),
    query<Sample[]>(prometheusUrl, '/api/v1/query_range', {
      query: selector,
      start: String(nowSeconds - INCIDENT_DAYS * 86400),
      end: time,
      step: String(STEP_SECONDS),
    }),
    ...UPTIME_WINDOWS.map((window) => query<never>(prometheusUrl, '/api/v1/query', { query: `avg_over_time(${selector}[${window}])`, time })),
  ]);
  const probes = new Map<string, { service: string; instance: string; up: boolean | undefined; uptime: Partial<Record<UptimeWindow, number>>; incidents: Incident[] }>();
  // A target probed at some point of the last 30 days is listed, up now or not.
  UPTIME_WINDOWS.forEach((window, index) => {
    for (const series of uptimes[index]!) {
      const key = keyOf(series.metric);
      const probe = probes.get(key) ?? { service: series.metric.service ?? '', instance: series.metric.instance ?? '', up: undefined, uptime: {}, incidents: [] };
      probe.uptime[window] = Number(series.value![1]);
      probes.set(key, probe);
    }
  });
  for (const series of current) {
    const probe = probes.get(keyOf(series.metric));
    if (probe) probe.up = series.value![1] === '1';
  }
  for (const series of history) {
    const probe = probes.get(keyOf(series.metric));
    if (probe) probe.incidents = incidentsOf(series.values ?? []);
  }
  return [...probes.values()].sort((a, b) => a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance));
}

/** Runs of failed probes in a range query's samples, newest first. */
export function incidentsOf(samples: readonly Sample[]): Incident[] {
  const incidents: Incident[] = [];
  let start: number | undefined;
  // A gap in the samples (the probe not scraped) ends nothing and starts nothing.
  for (const [time, value] of samples) {
    const failed = value !== '1';
    if (failed && start === undefined) start = time;
    if (!failed && start !== undefined) {
      incidents.push({ start, end: time });
      start = undefined;
    }
  }
  if (start !== undefined) incidents.push({ start, end: undefined });
  return incidents.reverse();
}
