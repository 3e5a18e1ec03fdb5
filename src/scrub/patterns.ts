// What counts as secret or personal in telemetry, in one place: the key names whose values
// are always masked, and the value shapes masked wherever they appear (e-mail addresses,
// card numbers that pass the Luhn check, IBANs whose check digits hold, US social security
// numbers, Authorization credentials of any scheme, JWTs, well-known API key formats,
// `password=...` pairs and URL userinfo).

/** Key words whose values are masked whatever they hold (compared word by word, see keyWords). */
export const DEFAULT_SENSITIVE_KEYS = Object.freeze([
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'authorization',
  'auth', 'cookie', 'session', 'credential', 'credentials', 'privatekey', 'cardnumber',
  'cvv', 'cvc', 'pan', 'iban', 'ssn', 'sessionid', 'sid', 'pass', 'pin', 'otp', 'creditcard',
  'passwords', 'secrets', 'apikeys', 'passcode', 'pw', 'sess',
  // A card's security code under its other names, and Azure Functions' key header.
  'cvv2', 'cvc2', 'csc', 'securitycode', 'functionskey',
  // Webhook signature headers (x-hub-signature-256, stripe-signature, x-shopify-hmac-sha256):
  // a captured signature and its payload can be replayed within the sender's tolerance.
  'signature', 'hmac',
]);

/**
 * Words that make a key sensitive also at the end of a single lower-case word, where nothing
 * separates them from what comes before: `accesstoken`, `clientsecret`, `dbpassword`.
 */
export const SENSITIVE_KEY_ENDINGS = Object.freeze([
  'password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'privatekey', 'credential',
  'credentials', 'sessionid', 'cookie', 'accesskey', 'accountkey', 'subscriptionkey', 'signingkey',
  'encryptionkey', 'masterkey',
]);

export const MASK = '[REDACTED]';

/**
 * Last words that make a key describe a secret rather than hold it: `session_duration_ms`,
 * `auth_method`, `pass_rate`, `secretVersion`, `totalTokenCount`, `cookie_consent`. Not `id`,
 * `hash` or `code`: `session_id`, `password_hash` and `pinCode` hold one.
 */
export const DESCRIPTOR_WORDS = new Set([
  'duration', 'ms', 'seconds', 'count', 'total', 'rate', 'ratio', 'method', 'provider', 'type',
  'kind', 'status', 'version', 'consent', 'length', 'strength', 'expiry', 'expires', 'ttl', 'name',
  'enabled', 'required', 'attempts', 'failures',
]);

/**
 * The words of a key, lower-cased, with each pair of neighbours joined too, so that
 * `x-api-key`, `apiKey` and `api_key` all yield `apikey`, while `tokens_used` yields no
 * `token` (a count of AI tokens is not a secret).
 */
export function keyWords(key: string): string[] {
  const words = splitKey(key);
  const joined = words.slice(1).map((word, index) => `${words[index]}${word}`);
  return [...words, ...joined];
}

/** The last word of a key, lower-cased: `ms` of `session_duration_ms`, `count` of `totalTokenCount`. */
export function lastKeyWord(key: string): string {
  return splitKey(key).at(-1) ?? '';
}

function splitKey(key: string): string[] {
  // A numbered field is its word: `password1` and `password2` of a sign-up form are passwords.
  // Only words of five letters or more: `auth0` names a provider, not a credential.
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)
    .map((word) => word.replace(/(?<=[a-z]{5})\d{1,2}$/, ''));
}

/** What separates a card number's blocks: spaces, dashes, `+` or `%20` (as URLs encode spaces); kept by split(). */
const CARD_SEPARATOR = /(%20|[ +-])/;

/**
 * Key names that make the value after `=` or `:` secret in free text (query strings, messages,
 * JSON, SQL): the key may have any prefix of words (`oauth_client_secret`, `x_api_key`,
 * `connect.sid`) and must end at the sensitive word, or at a few suffixes that keep it one
 * (`password_confirmation`): `tokens_used: 12` is left alone. Short words only count as a
 * whole word or after a separator, so `bypass=true` is not taken for a password. At most four
 * prefix words, so that a long dotted text costs linear time.
 */
const SECRET_KEY = '(?:[a-z0-9]+[_.-]){0,4}(?:[a-z0-9]*?(?:passwords?|passwd|passphrase|passcode|secrets?|token|cookies?|(?:api|access|private|secret|account|subscription|signing|encryption|master)[_-]?key|sess(?:ion)?[_-]?id|credentials?|signature)|pwd|pw|pass|sid|auth|sig|cvv2?|cvc2?|csc|otp|pin|session|sess|ssn)(?:[_-]?(?:confirm(?:ation)?|hash|digest|new|old|current|repeat|again|\\d{1,2}))?';

/** A key that ends at the word session (or connect-redis's `sess`). */
const SESSION_WORD = /(?:^|[^a-z])sess(?:ion)?$/i;

type Replacement = string | ((match: string, ...groups: string[]) => string);

/**
 * Replacement rules for values, applied in order; each regex is global. A third element lists
 * texts one of which a match must contain: a rule whose text is absent is skipped without
 * running its regex (the e-mail and URL rules cost a microsecond a string otherwise).
 */
export const VALUE_RULES: readonly (readonly [RegExp, Replacement, (readonly string[])?])[] = [
  // PEM and PGP private keys, whole.
  [/-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|$)/g, MASK],
  // user:password@ in URLs, the user possibly empty (redis://:password@host). The password
  // runs to the last @ before the path: drivers take one with a raw @ in it (p@ss@host).
  [/([a-z][a-z0-9+.-]{0,31}:\/\/)[^/\s:@"'<>]{0,256}:[^/\s?"'<>]{1,256}@/gi, `$1${MASK}@`, ['://']],
  // An API key as the query parameter `key` (Google, Trello, Bing and many others); elsewhere
  // the word is too common to mask (`cache key=user:42`).
  [/([?&]key=)[^&#\s"'<>]+/g, `$1${MASK}`, ['key=']],
  // A credential after its scheme; one plain word (`Token expired`, `Basic authentication
  // failed`) is prose, not a credential: credentials have digits, symbols, mixed case or length.
  // Nor is a challenge's parameter (`WWW-Authenticate: Bearer realm="api"`).
  [
    /\b(Bearer|Basic|Token)(\s+|%20|\+)(?![A-Za-z]+=")([A-Za-z0-9._~+/=-]{6,})/gi,
    (match, scheme: string, separator: string, credential: string) => (isPlainWord(credential) ? match : `${scheme}${separator}${MASK}`),
  ],
  // Any other credential in an Authorization header written out (Digest, AWS signatures, a
  // raw token): a quoted value to its closing quote, else the rest of the line. The schemes
  // above keep their name.
  [
    /\b((?:proxy-)?authorization["']?\s*[:=]\s*)(?!\s*["']?(?:Bearer|Basic|Token)\s)(?:"(?:[^"\\\r\n]|\\.){1,4096}"|'(?:[^'\\\r\n]|\\.){1,4096}'|[^\r\n]{1,4096})/gi,
    (match, prefix: string) => {
      const quote = match[prefix.length];
      return quote === '"' || quote === "'" ? `${prefix}${quote}${MASK}${quote}` : `${prefix}${MASK}`;
    },
  ],
  // A Cookie header written out: every value in it.
  [/\b((?:set-)?cookie\s*:\s*)[^\r\n]+/gi, `$1${MASK}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, MASK],
  // Stripe (keys and webhook secrets), AWS access key ids, GitHub (classic and fine-grained),
  // Slack tokens and webhooks, OpenAI-style and Google API keys, npm, GitLab, SendGrid,
  // Shopify and Hugging Face tokens.
  [/\bnpm_[A-Za-z0-9]{36}\b|\bglpat-[A-Za-z0-9_-]{20,}|\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}\b|\bhf_[A-Za-z0-9]{30,}\b/g, MASK],
  [/\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}\b|\bwhsec_[A-Za-z0-9+/=]{16,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{20,}|\bxox[abprs]-[A-Za-z0-9-]{10,}|hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+|\bsk-[A-Za-z0-9_-]{20,}|\bAIza[0-9A-Za-z_-]{35}\b/g, MASK],
  // AWS temporary key ids, Slack app and refresh tokens, Google OAuth access tokens and client
  // secrets, Groq, DigitalOcean, Vault, PyPI and Linear tokens, Telegram bot tokens, and
  // Discord, Microsoft Teams and Zapier webhooks (their URL is the credential).
  [/\bASIA[0-9A-Z]{16}\b|\bxapp-\d-[A-Za-z0-9-]{10,}|\bxoxe(?:\.xox[bp])?-[A-Za-z0-9-]{10,}|\bya29\.[A-Za-z0-9_-]{20,}|\bGOCSPX-[A-Za-z0-9_-]{20,}|\bgsk_[A-Za-z0-9]{20,}|\bdop_v1_[a-f0-9]{64}\b|\bhvs\.[A-Za-z0-9_-]{20,}|\bpypi-[A-Za-z0-9_-]{50,}|\blin_api_[A-Za-z0-9]{20,}|\b(?:bot)?\d{6,12}:AA[A-Za-z0-9_-]{30,}|discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]+|webhook\.office\.com\/webhookb2\/[^\s"'<>?#]+|hooks\.zapier\.com\/hooks\/catch\/[^\s"'<>?#]+/g, MASK],
  // key=value and "key": "value" pairs with a sensitive key, in query strings, messages, JSON
  // and SQL. A quoted value is masked to its closing quote (escaped quotes included), so a
  // password with a space in it does not leave its second half behind, and a quote that never
  // closes to the end of the line; an unquoted value ends at the first space or separator. A
  // bound statement's placeholder (`password = ?`, `token = $2`) holds no value: it stays.
  [
    new RegExp(`\\b(${SECRET_KEY})\\b((?:\\]|%5[Dd])?(?:["']|%22)?\\s*(?:=>|[=:]|%3[DdAa])\\s*)(?:"((?:[^"\\\\\\r\\n]|\\\\.){1,1024})"|'((?:[^'\\\\\\r\\n]|\\\\.){1,1024})'|(["'])[^\\r\\n"']{1,1024}|(?!(?:\\?|\\$\\d{1,5})(?![^\\s&,;"'<>]))[^\\s&,;"'<>]+)`, 'gi'),
    (match, key: string, separator: string, doubleQuoted?: string, singleQuoted?: string, unclosedQuote = '') => {
      if (doubleQuoted !== undefined) return `${key}${separator}"${MASK}"`;
      if (singleQuoted !== undefined) return `${key}${separator}'${MASK}'`;
      // A session id is random (`sess:G7x...`); a number after it is a counter or a record id
      // (the Redis key `session:42`).
      if (SESSION_WORD.test(key) && /^\d{1,12}$/.test(match.slice(key.length + separator.length))) return match;
      return `${key}${separator}${unclosedQuote}${MASK}`;
    },
  ],
  // The same pairs in JSON encoded twice (a JSON document logged as a string field): the
  // quotes are escaped, `\"password\":\"...\"`.
  [
    new RegExp(`\\\\"(${SECRET_KEY})\\\\"(\\s*:\\s*)\\\\"(?:[^"\\\\\\r\\n]|\\\\[^"\\r\\n]){0,1024}\\\\"`, 'gi'),
    (_match, key: string, separator: string) => `\\"${key}\\"${separator}\\"${MASK}\\"`,
    ['\\"'],
  ],
  // SQL that sets a password without `=`: `ALTER USER app WITH PASSWORD '...'`, MySQL's
  // `IDENTIFIED BY '...'` (a doubled quote is a quote inside the string).
  [/\b((?:password|identified\s+by)\s+)'(?:[^'\\\r\n]|\\.|''){1,1024}'/gi, `$1'${MASK}'`],
  // E-mail addresses, also with the @ percent-encoded (URLs, query strings). Every repeat in
  // these rules is bounded (64 is the longest local part an address may have): a text of
  // thousands of dotted words must not cost quadratic time.
  // Letters of any script (`josé@exämple.com`), and the @ encoded twice (`%2540`).
  [/[\p{L}\p{N}._%+-]{1,64}(?:@|%40|%2540)[\p{L}\p{N}.-]{1,253}\.\p{L}{2,63}/gu, MASK, ['@', '%40', '%2540']],
  [/\b\d(?:(?:[ +-]|%20)?\d){12,18}\b/g, maskCardNumber],
  // PostgreSQL's error details quote the values of the row at fault: the duplicate of a unique
  // key (an e-mail address, a user name, a token) and a whole rejected row (its password hash
  // included); MySQL's message quotes the duplicate. The columns and keys stay, the values go.
  [/\b(Duplicate entry ')(?:[^'\\\r\n]|\\.|''){0,1024}(' for key)/g, `$1${MASK}$2`, ['Duplicate entry']],
  [/\b(Key \([^()\r\n]{1,256}\)=\()[^\r\n]{0,1024}?(\) (?:already exists|is not present in table|is still referenced|conflicts with))/g, `$1${MASK}$2`, ['Key (']],
  [/\b(Failing row contains \()[^\r\n]{0,4096}\)/g, `$1${MASK})`, ['Failing row']],
  // International bank account numbers, whole or in groups of four, when their check digits
  // hold (ISO 13616, mod 97): an order reference that merely looks like one survives.
  [/\b[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)\b/g, (match) => (isIban(match.replace(/ /g, '')) ? MASK : match)],
  // US social security numbers as they are written: three, two and four digits with dashes.
  [/\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g, MASK],
];

/**
 * A run of digits that is a card number written as cards are (one block of 13 to 19 digits,
 * blocks of four, or Amex's 4-6-5), whole or beside another number in the same run: a CVV or
 * an expiry after it (`4111 1111 1111 1111 123`), a quantity before it (`qty 2 4111...`). Only
 * the card is masked. Date ranges and phone numbers come in other blocks, so their digits,
 * which pass the Luhn check one time in ten, are not taken for a card.
 */
function maskCardNumber(run: string): string {
  const parts = run.split(CARD_SEPARATOR);
  const blocks = parts.filter((_, index) => index % 2 === 0);
  for (let first = 0; first < blocks.length; first++) {
    for (let last = blocks.length - 1; last >= first; last--) {
      const card = blocks.slice(first, last + 1);
      if (!isCardShaped(card) || !isCardNumber(card.join(''))) continue;
      return `${parts.slice(0, first * 2).join('')}${MASK}${parts.slice(last * 2 + 1).join('')}`;
    }
  }
  return run;
}

function isCardShaped(blocks: readonly string[]): boolean {
  const lengths = blocks.map((block) => block.length);
  if (lengths.length === 1) return lengths[0]! >= 13;
  if (lengths.join(' ') === '4 6 5') return true;
  return lengths.length >= 4 && lengths.slice(0, -1).every((length) => length === 4) && lengths.at(-1)! <= 4;
}

/** A cheap first test: values without any of these cannot match a rule above. */
export const MAY_CONTAIN_SECRET = /@|%40|\d{4}|[=:]|bearer|basic|token|eyJ|AKIA|gh[pousr]_|github_pat_|xox|hooks\.slack|sk-|_live_|_test_|whsec_|AIza|PRIVATE KEY|npm_|glpat-|SG\.|shp|hf_|password|identified|ASIA|xapp-|ya29\.|GOCSPX-|gsk_|dop_v1_|hvs\.|pypi-|lin_api_|webhook|zapier|Failing row|Duplicate entry/i;

/** Lower-case letters only, shorter than any generated credential. */
function isPlainWord(text: string): boolean {
  return text.length < 20 && /^[a-z]+$/.test(text);
}

/**
 * 13 to 19 digits that pass the Luhn check and start as card numbers of their length do: Visa
 * (4) in 13, 16 or 19 digits, Amex (34, 37) in 15, Diners (30, 36, 38, 39) from 14, JCB (35),
 * Mastercard, Maestro, Discover and UnionPay (2, 5, 6) from 16. Epoch milliseconds (13 digits
 * from 1), IMEIs (15 from 35, Luhn-checked themselves) and byte counts pass the check one
 * time in ten: they survive.
 */
export function isCardNumber(digits: string): boolean {
  return CARD_PREFIX_AND_LENGTH.test(digits) && luhnValid(digits);
}

const CARD_PREFIX_AND_LENGTH = /^(?:4(?:\d{12}|\d{15}|\d{18})|3[47]\d{13}|3[0689]\d{12,17}|35\d{14,17}|[256]\d{15,18})$/;

/** An IBAN's check: its first four characters moved to the end, letters as 10 to 35, mod 97 is 1. */
export function isIban(text: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(text)) return false;
  const rearranged = text.slice(4) + text.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const code = character.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

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
