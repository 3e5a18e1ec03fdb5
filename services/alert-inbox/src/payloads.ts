// What each channel posts, checked field by field. A malformed post is refused with a 400
// whose message names the first bad field (`alerts[2].labels.alertname: ...`), so whoever
// misconfigured a sender learns what to fix from one response.
//   - Alertmanager's webhook, version 4 (the inbox itself and the heartbeat);
//   - Slack's incoming webhook, as Alertmanager's slack_configs sends it;
//   - PagerDuty's Events API v2, as Alertmanager's pagerduty_configs sends it.

export class PayloadError extends Error {}

export type AlertStatus = 'firing' | 'resolved';

export interface Alert {
  readonly status: AlertStatus;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly fingerprint: string;
}

export interface AlertmanagerPayload {
  readonly receiver: string;
  readonly status: AlertStatus;
  readonly groupKey: string;
  readonly alerts: readonly Alert[];
  readonly truncatedAlerts: number;
}

export interface SlackPayload {
  readonly channel?: string;
  /** Title and text of each attachment, or the message's own text. */
  readonly messages: readonly { readonly title: string; readonly text: string; readonly color?: string }[];
}

export interface PagerDutyEvent {
  readonly routingKey: string;
  readonly eventAction: 'trigger' | 'acknowledge' | 'resolve';
  readonly dedupKey: string;
  readonly summary: string;
  readonly severity: string;
  readonly source: string;
}

const MAX_ALERTS = 1000;

type Json = unknown;

function object(value: Json, path: string): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PayloadError(`${path}: expected an object`);
  return value as Record<string, Json>;
}

function string(value: Json, path: string, { optional = false, nonEmpty = false } = {}): string {
  if (value === undefined && optional) return '';
  if (typeof value !== 'string') throw new PayloadError(`${path}: expected a string`);
  if (nonEmpty && value.trim() === '') throw new PayloadError(`${path}: must not be empty`);
  return value;
}

function oneOf<T extends string>(value: Json, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new PayloadError(`${path}: expected one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function stringMap(value: Json, path: string): Record<string, string> {
  const map = object(value, path);
  for (const [key, item] of Object.entries(map)) string(item, `${path}.${key}`);
  return map as Record<string, string>;
}

function timestamp(value: Json, path: string): string {
  const text = string(value, path);
  if (Number.isNaN(Date.parse(text))) throw new PayloadError(`${path}: expected an RFC 3339 time, got ${JSON.stringify(text)}`);
  return text;
}

/** Alertmanager's webhook body (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export function parseAlertmanager(body: Json): AlertmanagerPayload {
  const root = object(body, 'body');
  if (root.version !== '4') throw new PayloadError(`version: expected "4" (Alertmanager's webhook format), got ${JSON.stringify(root.version)}`);
  const alerts = root.alerts;
  if (!Array.isArray(alerts) || alerts.length === 0) throw new PayloadError('alerts: expected a non-empty array');
  if (alerts.length > MAX_ALERTS) throw new PayloadError(`alerts: at most ${MAX_ALERTS} per notification, got ${alerts.length}`);
  return {
    receiver: string(root.receiver, 'receiver', { nonEmpty: true }),
    status: oneOf(root.status, 'status', ['firing', 'resolved'] as const),
    groupKey: string(root.groupKey, 'groupKey'),
    truncatedAlerts: typeof root.truncatedAlerts === 'number' ? root.truncatedAlerts : 0,
    alerts: alerts.map((item, index) => {
      const path = `alerts[${index}]`;
      const alert = object(item, path);
      const labels = stringMap(alert.labels, `${path}.labels`);
      string(labels.alertname, `${path}.labels.alertname`, { nonEmpty: true });
      return {
        status: oneOf(alert.status, `${path}.status`, ['firing', 'resolved'] as const),
        labels,
        annotations: alert.annotations === undefined ? {} : stringMap(alert.annotations, `${path}.annotations`),
        startsAt: timestamp(alert.startsAt, `${path}.startsAt`),
        endsAt: alert.endsAt === undefined ? '' : string(alert.endsAt, `${path}.endsAt`),
        fingerprint: string(alert.fingerprint, `${path}.fingerprint`, { optional: true }),
      };
    }),
  };
}

/** Slack's incoming-webhook body: text, attachments, or both. */
export function parseSlack(body: Json): SlackPayload {
  const root = object(body, 'body');
  const messages: { title: string; text: string; color?: string }[] = [];
  if (root.attachments !== undefined) {
    if (!Array.isArray(root.attachments)) throw new PayloadError('attachments: expected an array');
    root.attachments.forEach((item, index) => {
      const attachment = object(item, `attachments[${index}]`);
      messages.push({
        title: string(attachment.title, `attachments[${index}].title`, { optional: true }),
        text: string(attachment.text, `attachments[${index}].text`, { optional: true }),
        ...(typeof attachment.color === 'string' ? { color: attachment.color } : {}),
      });
    });
  }
  if (root.text !== undefined) messages.push({ title: '', text: string(root.text, 'text') });
  if (messages.length === 0) throw new PayloadError('body: a Slack message needs text or attachments');
  return { ...(typeof root.channel === 'string' && root.channel ? { channel: root.channel } : {}), messages };
}

/** PagerDuty's Events API v2 body (https://developer.pagerduty.com/api-reference/). */
export function parsePagerDuty(body: Json): PagerDutyEvent {
  const root = object(body, 'body');
  const eventAction = oneOf(root.event_action, 'event_action', ['trigger', 'acknowledge', 'resolve'] as const);
  const payload = eventAction === 'trigger' ? object(root.payload, 'payload') : (root.payload === undefined ? {} : object(root.payload, 'payload'));
  return {
    routingKey: string(root.routing_key, 'routing_key', { nonEmpty: true }),
    eventAction,
    dedupKey: string(root.dedup_key, 'dedup_key', { optional: true }),
    summary: eventAction === 'trigger' ? string(payload.summary, 'payload.summary', { nonEmpty: true }) : '',
    severity: eventAction === 'trigger' ? oneOf(payload.severity, 'payload.severity', ['critical', 'error', 'warning', 'info'] as const) : '',
    source: eventAction === 'trigger' ? string(payload.source, 'payload.source', { nonEmpty: true }) : '',
  };
}
