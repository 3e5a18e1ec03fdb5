// The recent notifications, newest last, in a bounded ring: an inbox that ran for weeks
// still holds the last `keep` of them and no more.
import type { Alert, AlertStatus } from './payloads.js';

/** Where a notification came in: Alertmanager's webhook to the inbox, or a sandbox stand-in. */
export const CHANNELS = ['inbox', 'heartbeat', 'slack', 'pagerduty', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;

export interface Notification {
  readonly id: number;
  readonly receivedAt: string;
  readonly channel: Channel;
  /** Alertmanager's receiver name (webhook channels). */
  readonly receiver?: string;
  readonly status?: AlertStatus;
  /** The alerts of an Alertmanager webhook notification; empty for the other channels. */
  readonly alerts: readonly Alert[];
  /** Slack title, PagerDuty summary or e-mail subject. */
  readonly title: string;
  readonly text: string;
  /** Severities this notification concerns (from alert labels, or PagerDuty's severity). */
  readonly severities: readonly string[];
}

export type NewNotification = Omit<Notification, 'id' | 'receivedAt'>;

export interface Query {
  readonly channel?: Channel;
  readonly severity?: string;
  readonly alertname?: string;
  readonly limit: number;
}

export class NotificationStore {
  readonly #keep: number;
  readonly #items: Notification[] = [];
  #nextId = 1;
  #lastHeartbeat: string | undefined;

  constructor(keep: number) {
    this.#keep = keep;
  }

  add(notification: NewNotification, now = new Date()): Notification {
    const stored = Object.freeze({ id: this.#nextId++, receivedAt: now.toISOString(), ...notification });
    this.#items.push(stored);
    if (this.#items.length > this.#keep) this.#items.splice(0, this.#items.length - this.#keep);
    if (stored.channel === 'heartbeat') this.#lastHeartbeat = stored.receivedAt;
    return stored;
  }

  /** Newest first. */
  list(query: Query): Notification[] {
    const matches: Notification[] = [];
    for (let index = this.#items.length - 1; index >= 0 && matches.length < query.limit; index--) {
      const item = this.#items[index]!;
      if (query.channel && item.channel !== query.channel) continue;
      if (query.severity && !item.severities.includes(query.severity)) continue;
      if (query.alertname && !mentions(item, query.alertname)) continue;
      matches.push(item);
    }
    return matches;
  }

  /**
   * Each alert's latest state as Alertmanager last reported it to the inbox (one entry per
   * fingerprint), for the page.
   */
  currentAlerts(): { alert: Alert; notifiedAt: string; receiver: string }[] {
    const latest = new Map<string, { alert: Alert; notifiedAt: string; receiver: string }>();
    for (const item of this.#items) {
      if (item.channel !== 'inbox') continue;
      for (const alert of item.alerts) {
        const key = alert.fingerprint || JSON.stringify(alert.labels);
        latest.set(key, { alert, notifiedAt: item.receivedAt, receiver: item.receiver ?? '' });
      }
    }
    return [...latest.values()];
  }

  get lastHeartbeat(): string | undefined {
    return this.#lastHeartbeat;
  }
}

function mentions(item: Notification, alertname: string): boolean {
  if (item.alerts.some((alert) => alert.labels.alertname === alertname)) return true;
  return item.alerts.length === 0 && (item.title.includes(alertname) || item.text.includes(alertname));
}
