// What counts as secret or personal in telemetry, in one place: the key names whose values
// are always masked, and the value shapes masked wherever they appear (e-mail addresses,
// card numbers that pass the Luhn check, bearer and basic credentials, JWTs, well-known API
// key formats, `password=...` pairs and URL userinfo).

/** Key words whose values are masked whatever they hold (compared word by word, see keyWords). */
export const DEFAULT_SENSITIVE_KEYS = Object.freeze([
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'authorization',
  'auth', 'cookie', 'session', 'credential', 'credentials', 'privatekey', 'cardnumber',
  'cvv', 'cvc', 'pan', 'iban', 'ssn',
]);

export const MASK = '[REDACTED]';

/**
 * The words of a key, lower-cased, with each pair of neighbours joined too, so that
 * `x-api-key`, `apiKey` and `api_key` all yield `apikey`, while `tokens_used` yields no
 * `token` (a count of AI tokens is not a secret).
 */
export function keyWords(key: string): string[] {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const joined = words.slice(1).map((word, index) => `${words[index]}${word}`);
  return [...words, ...joined];
}

/** Replacement rules for values, applied in order; each regex is global. */
export const VALUE_RULES: readonly (readonly [RegExp, string | ((match: string, ...groups: string[]) => string)])[] = [
  // user:password@ in URLs.
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${MASK}@`],
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${MASK}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, MASK],
  // Stripe, AWS access key ids, GitHub, Slack, OpenAI-style and Google API keys.
  [/\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}\b|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bxox[abprs]-[A-Za-z0-9-]{10,}|\bsk-[A-Za-z0-9_-]{20,}|\bAIza[0-9A-Za-z_-]{35}\b/g, MASK],
  // key=value and "key": "value" pairs with a sensitive key, in query strings, messages and JSON.
  // The key must end at the sensitive word: `tokens_used: 12` is left alone.
  [/\b((?:[a-z]+[_-]?)?(?:password|passwd|pwd|secret|token|api[_-]?key|session[_-]?id|credentials?))\b("?\s*[=:]\s*"?)([^\s&,;"'<>]+)/gi, `$1$2${MASK}`],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, MASK],
  // 13 to 19 digits, optionally grouped by spaces or dashes: masked only when Luhn-valid,
  // so order numbers and timestamps survive.
  [/\b\d(?:[ -]?\d){12,18}\b/g, (match) => (luhnValid(match.replace(/[ -]/g, '')) ? MASK : match)],
];

/** A cheap first test: values without any of these cannot match a rule above. */
export const MAY_CONTAIN_SECRET = /@|\d{4}|[=:]|bearer|basic|token|eyJ|AKIA|gh[pousr]_|xox|sk-|_live_|_test_|AIza/i;

export function luhnValid(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
