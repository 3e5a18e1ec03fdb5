// Error groups: what a hosted error tracker lists, as metrics. Each captured error belongs to
// the group of its fingerprint; per group the process counts errors (app.errors, by type,
// fingerprint and handled), keeps one scrubbed sample of the message (app.errors.group, a
// gauge of 1 whose labels name the group), and counts the distinct users affected in the
// last hour (app.errors.users).
//
// Bounds, so a flood of distinct errors cannot flood the metrics or the memory:
// - at most MAX_GROUPS groups per process; the errors of further groups count under the
//   fingerprint `other`, and app.errors.groups.overflow counts them;
// - per group, the users of the last hour are kept as 8-byte hashes (never the ids, which
//   never become labels either), at most MAX_USERS_PER_GROUP of them: the count is exact up
//   to that cap and reads as the cap above it. Across processes, summing the groups' counts
//   counts a user seen by two processes twice: the sum is an upper bound, the maximum over
//   processes a lower bound.
import { createHash } from 'node:crypto';
import { type Attributes, metrics, type ObservableResult } from '@opentelemetry/api';
import { APP_METER } from './instruments.js';

export const MAX_GROUPS = 200;
export const MAX_USERS_PER_GROUP = 100;
export const USERS_WINDOW_MS = 60 * 60 * 1000;
export const OVERFLOW_FINGERPRINT = 'other';
/** Long enough to recognise an error, short enough for a notification line. */
const SAMPLE_LENGTH = 120;

interface Group {
  readonly type: string;
  readonly sample: string;
  /** User hash -> when last seen (ms). */
  readonly users: Map<string, number>;
}

export interface ErrorOccurrence {
  readonly type: string;
  readonly fingerprint: string;
  /** Already scrubbed. */
  readonly message: string;
  readonly handled: boolean;
  readonly userId: string | undefined;
}

export interface ErrorGroups {
  /** Counts one error; returns the fingerprint it was counted under (`other` past the bound). */
  record(occurrence: ErrorOccurrence, now?: number): string;
}

export function createErrorGroups(now: () => number = Date.now): ErrorGroups {
  const groups = new Map<string, Group>();
  const meter = metrics.getMeter(APP_METER);
  const errors = meter.createCounter('app.errors', { description: 'Errors captured by the application API, by type and group.', unit: '{error}' });
  const overflow = meter.createCounter('app.errors.groups.overflow', {
    description: `Errors of groups beyond the first ${MAX_GROUPS} of this process, counted under the fingerprint "other".`,
    unit: '{error}',
  });
  meter.createObservableGauge('app.errors.group', {
    description: 'One series per error group of this process, naming its type and a scrubbed sample of its message.',
    unit: '{group}',
  }).addCallback((result: ObservableResult<Attributes>) => {
    for (const [fingerprint, group] of groups) result.observe(1, { error_type: group.type, error_fingerprint: fingerprint, error_message: group.sample });
  });
  meter.createObservableGauge('app.errors.users', {
    description: `Distinct users affected by each error group in the last hour (exact up to ${MAX_USERS_PER_GROUP}).`,
    unit: '{user}',
  }).addCallback((result: ObservableResult<Attributes>) => {
    const cutoff = now() - USERS_WINDOW_MS;
    for (const [fingerprint, group] of groups) {
      prune(group.users, cutoff);
      if (group.users.size > 0) result.observe(group.users.size, { error_type: group.type, error_fingerprint: fingerprint });
    }
  });

  return {
    record(occurrence, at = now()) {
      let fingerprint = occurrence.fingerprint;
      let group = groups.get(fingerprint);
      if (group === undefined) {
        if (groups.size >= MAX_GROUPS) {
          overflow.add(1, { error_type: occurrence.type });
          fingerprint = OVERFLOW_FINGERPRINT;
        } else {
          group = { type: occurrence.type, sample: occurrence.message.slice(0, SAMPLE_LENGTH), users: new Map() };
          groups.set(fingerprint, group);
        }
      }
      errors.add(1, { error_type: occurrence.type, error_fingerprint: fingerprint, handled: String(occurrence.handled) });
      if (group && occurrence.userId !== undefined) rememberUser(group.users, hashOf(occurrence.userId), at);
      return fingerprint;
    },
  };
}

function hashOf(userId: string): string {
  return createHash('sha256').update(userId).digest('base64url').slice(0, 11);
}

function rememberUser(users: Map<string, number>, hash: string, at: number): void {
  users.delete(hash); // re-inserted last: the Map's order is the order of last sight
  users.set(hash, at);
  if (users.size > MAX_USERS_PER_GROUP) users.delete(users.keys().next().value!);
}

function prune(users: Map<string, number>, cutoff: number): void {
  for (const [hash, seenAt] of users) {
    if (seenAt >= cutoff) return; // in order of last sight: the rest are newer
    users.delete(hash);
  }
}
