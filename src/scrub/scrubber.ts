// Masks secrets and personal data in telemetry values before they leave the process. One
// scrubber is built from the configuration (default key words plus OBS_SCRUB_KEYS) and used
// by the exporter wrappers (spans and log records) and by the error API.
import { DEFAULT_SENSITIVE_KEYS, DESCRIPTOR_WORDS, isCardNumber, keyWords, lastKeyWord, MASK, MAY_CONTAIN_SECRET, SENSITIVE_KEY_ENDINGS, VALUE_RULES } from './patterns.js';
import { isSqlSystem, withoutSqlLiterals } from './sql-literals.js';

export type Scrubbable = string | number | boolean | null | undefined | Scrubbable[] | { [key: string]: Scrubbable };

export interface Scrubber {
  /** True when values under this key are masked whatever they hold. */
  isSensitiveKey(key: string): boolean;
  /** The string with every secret-shaped part masked (the same string when there is none). */
  scrubString(value: string): string;
  /** A value under a key: masked entirely for a sensitive key, else scrubbed recursively. */
  scrubValue(key: string, value: unknown): unknown;
  /**
   * A copy of an attribute map with every value scrubbed (the same object when nothing changed),
   * and the literals of a database statement written without bound values replaced by `?`.
   */
  scrubAttributes<T extends Record<string, unknown>>(attributes: T): T;
}

/** Deeper than this, a value is masked whole rather than left unread (it is never sent unscrubbed). */
const MAX_DEPTH = 32;
/** The smallest and largest integers with 13 and 19 digits: a card number stored as a number. */
const CARD_MIN = 1e12;
const CARD_MAX = 1e19;

/** Lower case, letters and digits only: `customerReference` and `customer_reference` alike. */
function compact(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function createScrubber(extraKeys: readonly string[] = []): Scrubber {
  const extra = new Set(extraKeys.map(compact));
  const sensitive = new Set([...DEFAULT_SENSITIVE_KEYS, ...extra]);
  const keyCache = new Map<string, boolean>();

  const isSensitiveKey = (key: string): boolean => {
    let known = keyCache.get(key);
    if (known === undefined) {
      // An app's own key (OBS_SCRUB_KEYS) as a dotted segment, whole (`my_custom_field`); then,
      // unless the key ends in a word that describes (`session_duration_ms`), single words and
      // neighbour pairs, each dotted segment whole, and a sensitive word at the end of a key
      // written as one word (`accesstoken`).
      const whole = compact(key);
      const segments = key.split('.').map(compact);
      known = segments.some((segment) => extra.has(segment))
        || (!DESCRIPTOR_WORDS.has(lastKeyWord(key)) && (keyWords(key).some((word) => sensitive.has(word))
          || segments.some((segment) => sensitive.has(segment))
          || SENSITIVE_KEY_ENDINGS.some((ending) => whole.endsWith(ending))));
      // Attribute keys are few and repeat; the cache stays small unless keys are dynamic.
      if (keyCache.size < 10_000) keyCache.set(key, known);
    }
    return known;
  };

  const scrubString = (value: string): string => {
    if (!MAY_CONTAIN_SECRET.test(value)) return value;
    let result = value;
    for (const [pattern, replacement, mustContain] of VALUE_RULES) {
      if (mustContain !== undefined && !mustContain.some((text) => result.includes(text))) continue;
      result = result.replace(pattern, replacement as string);
    }
    return result;
  };

  const scrubDeep = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return scrubString(value);
    if (typeof value === 'number') return Number.isInteger(value) && value >= CARD_MIN && value < CARD_MAX && isCardNumber(String(value)) ? MASK : value;
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_DEPTH) return MASK;
    if (Array.isArray(value)) {
      const pairsMasked = isNameValueList(value) ? maskSensitivePairs(value) : value;
      let changed = pairsMasked !== value;
      const copy = pairsMasked.map((item) => {
        const scrubbed = scrubDeep(item, depth + 1);
        if (scrubbed !== item) changed = true;
        return scrubbed;
      });
      return changed ? copy : value;
    }
    if (value instanceof Uint8Array || value instanceof Date) return value;
    return scrubObject(value as Record<string, unknown>, depth + 1);
  };

  /** A name/value list with each value after a sensitive name masked (the same array when none is). */
  const maskSensitivePairs = (list: readonly string[]): readonly string[] => {
    let copy: string[] | undefined;
    for (let index = 0; index < list.length; index += 2) {
      if (isSensitiveKey(list[index]) && list[index + 1] !== '') {
        copy ??= [...list];
        copy[index + 1] = MASK;
      }
    }
    return copy ?? list;
  };

  const scrubObject = <T extends Record<string, unknown>>(object: T, depth: number): T => {
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(object)) {
      const original = object[key];
      const scrubbed = isSensitiveKey(key) && canHoldSecret(original) ? MASK : scrubDeep(original, depth);
      // Maps keyed by user (`{ 'ann@example.com': 3 }`) hold the address in the key itself.
      const scrubbedKey = key.includes('@') || key.includes('%40') ? scrubString(key) : key;
      if (scrubbedKey !== key) {
        copy ??= { ...object };
        delete copy[key];
        copy[scrubbedKey] = scrubbed;
      } else if (scrubbed !== original) {
        copy ??= { ...object };
        copy[key] = scrubbed;
      }
    }
    return (copy ?? object) as T;
  };

  return {
    isSensitiveKey,
    scrubString,
    scrubValue: (key, value) => (isSensitiveKey(key) && canHoldSecret(value) ? MASK : scrubDeep(value, 0)),
    scrubAttributes: (attributes) => scrubObject(withoutStatementLiterals(attributes), 0),
  };
}

/** What a header name looks like; request headers always hold one of COMMON_HEADERS. */
const HEADER_NAME = /^[A-Za-z][\w.-]{0,63}$/;
const COMMON_HEADERS = new Set(['host', 'user-agent', 'accept', 'content-type', 'content-length', 'connection', 'accept-encoding']);

/**
 * Headers and form fields written as a flat list of names and values: Node's `rawHeaders`
 * (['Host', 'shop.test', 'X-Api-Key', '...']) and the [name, value] entries of a Headers
 * object or a form. A longer list counts only when one of its names is a common request
 * header, so that a list of tags (['auth', 'billing', 'session', 'ui']) keeps its words.
 */
function isNameValueList(list: readonly unknown[]): list is readonly string[] {
  if (list.length < 2 || list.length % 2 !== 0) return false;
  let hasCommonHeader = false;
  for (let index = 0; index < list.length; index += 2) {
    const name = list[index];
    if (typeof name !== 'string' || typeof list[index + 1] !== 'string' || !HEADER_NAME.test(name)) return false;
    if (!hasCommonHeader && COMMON_HEADERS.has(name.toLowerCase())) hasCommonHeader = true;
  }
  return list.length === 2 || hasCommonHeader;
}

/**
 * Under a sensitive key, what is masked: not an absent or empty value, and not a boolean
 * (`has_password: true`, `otp_enabled: false` say whether, never what).
 */
function canHoldSecret(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && typeof value !== 'boolean';
}

/** Where instrumentations put a database statement: the current and the older convention. */
const STATEMENT_KEYS = ['db.query.text', 'db.statement'] as const;

function withoutStatementLiterals<T extends Record<string, unknown>>(attributes: T): T {
  const system = attributes['db.system.name'] ?? attributes['db.system'];
  if (!isSqlSystem(system)) return attributes;
  let copy: Record<string, unknown> | undefined;
  for (const key of STATEMENT_KEYS) {
    const statement = attributes[key];
    if (typeof statement !== 'string') continue;
    const sanitized = withoutSqlLiterals(statement, system as string);
    if (sanitized !== statement) {
      copy ??= { ...attributes };
      copy[key] = sanitized;
    }
  }
  return (copy ?? attributes) as T;
}
