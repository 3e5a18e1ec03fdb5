// The scrubber on its own: each kind of secret in a value, sensitive keys, Luhn-checked card
// numbers, nested structures, and values left alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScrubber } from '../../dist/index.js';
import { keyWords, luhnValid } from '../../dist/scrub/patterns.js';

const scrubber = createScrubber(['customerReference']);
const MASK = '[REDACTED]';

test('masks each kind of secret inside a string', () => {
  const cases = [
    ['contact bob.smith+shop@example.co.uk now', 'bob.smith+shop@example.co.uk'],
    ['paid with 4242 4242 4242 4242 today', '4242 4242 4242 4242'],
    ['card 5555-5555-5555-4444', '5555-5555-5555-4444'],
    ['Authorization: Bearer abc.def-ghi_jkl', 'abc.def-ghi_jkl'],
    ['basic header Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA=='],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl'],
    ['stripe sk_live_51HxyzABCDEFGHIJKLMN key', 'sk_live_51HxyzABCDEFGHIJKLMN'],
    ['aws AKIAIOSFODNN7EXAMPLE id', 'AKIAIOSFODNN7EXAMPLE'],
    ['https://api.example.test/v1?api_key=s3cr3tvalue&page=2', 's3cr3tvalue'],
    ['login failed: password=hunter2!', 'hunter2!'],
    ['{"token":"tok_123456"}', 'tok_123456'],
    ['postgres://shop:supersecret@db:5432/shop', 'supersecret'],
    // Percent-encoded and +-encoded forms, as URLSearchParams and encodeURIComponent write them.
    ['/users/bob%40corp.com?x=1', 'bob%40corp.com'],
    ['?email=jane%40corp.com&card=4111+1111+1111+1111', '4111+1111+1111+1111'],
    ['?card=4111%201111%201111%201111', '4111%201111%201111%201111'],
    // An empty user name before the password (the usual Redis form).
    ['cache at redis://:R4-redis-pw@cache:6379/0', 'R4-redis-pw'],
    // Quoted values, SQL and several prefix words, suffixed keys, cookies, short names.
    ["UPDATE users SET password = 'R3-sql' WHERE id = 1", 'R3-sql'],
    ["{'password': 'R3-py'}", 'R3-py'],
    ['github_access_token=R3-gh', 'R3-gh'],
    ['oauth_client_secret=R3-cs', 'R3-cs'],
    ['aws_secret_access_key=R3-aws', 'R3-aws'],
    ['password_confirmation=R3-confirm', 'R3-confirm'],
    ['Cookie: session=R3-session; sid=R3-sid', 'R3-session'],
    ['connect.sid=R3-connect', 'R3-connect'],
    ['auth=R3-auth pass=R3-pass', 'R3-auth'],
    ['auth=R3-auth pass=R3-pass', 'R3-pass'],
    ['https://bucket.s3.amazonaws.com/k?X-Amz-Signature=R10presignsig&sig=R10sassig', 'R10presignsig'],
    ['https://bucket.s3.amazonaws.com/k?X-Amz-Signature=R10presignsig&sig=R10sassig', 'R10sassig'],
    // Key formats.
    ['webhook whsec_R10abcdefghijklmnopqrstu', 'whsec_R10abcdefghijklmnopqrstu'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
    ['posting to https://hooks.slack.com/services/T000/B000/R10slacksecret', 'R10slacksecret'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEpR10privatekeybody\n-----END RSA PRIVATE KEY-----', 'MIIEpR10privatekeybody'],
    ['publish with npm_R12abcdefghijklmnopqrstuvwxyz0123456', 'npm_R12abcdefghijklmnopqrstuvwxyz0123456'],
    ['gitlab glpat-R12abcdefghijklmnopq', 'glpat-R12abcdefghijklmnopq'],
    ['sendgrid SG.R12abcdefghijklmnopq.R12abcdefghijklmnopqrstuvwxyz0123456789ABC', 'SG.R12abcdefghijklmnopq.R12abcdefghijklmnopqrstuvwxyz0123456789ABC'],
    ['shopify shpat_0123456789abcdef0123456789abcdef', 'shpat_0123456789abcdef0123456789abcdef'],
    ['huggingface hf_R12abcdefghijklmnopqrstuvwxyzABCD', 'hf_R12abcdefghijklmnopqrstuvwxyzABCD'],
    // Quoted values with spaces and escaped quotes are masked whole, not up to the space.
    ['{"password":"R12 second half","user":"bob"}', 'second half'],
    ['{"password":"R12 \\"quoted\\" tail","user":"bob"}', 'tail'],
    ["UPDATE users SET password = 'R12 two words' WHERE id = 1", 'two words'],
    ['password="R12 never closed', 'never closed'],
    // Other Authorization schemes, and a raw token under the header's name.
    ['Authorization: Digest username="bob", response="R12digestresponse"', 'R12digestresponse'],
    ['Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/s3/aws4_request, Signature=R12awssig', 'AKIDEXAMPLE'],
    ['{"authorization":"R12rawtoken","host":"shop"}', 'R12rawtoken'],
    // Bank accounts with valid check digits, whole or grouped, and US social security numbers.
    ['refund to DE89370400440532013000 today', 'DE89370400440532013000'],
    ['refund to GB82 WEST 1234 5698 7654 32 TODAY', 'GB82 WEST 1234 5698 7654 32'],
    ['ssn 123-45-6789 on file', '123-45-6789'],
    ["ALTER USER app WITH PASSWORD 'R12 pg''s pw'", "R12 pg''s pw"],
    ["CREATE USER 'app'@'%' IDENTIFIED BY 'R12mysql'", 'R12mysql'],
    // Nested form fields (Rails, PHP, qs), plain and percent-encoded.
    ['user[email]=x&user[password]=R13-nested', 'R13-nested'],
    ['user%5Bpassword%5D=R13-encoded&commit=Sign+up', 'R13-encoded'],
    // Numbered, plural and suffixed password fields of sign-up and change-password forms.
    ['password1=R13-one&password2=R13-two', 'R13-one'],
    ['password1=R13-one&password2=R13-two', 'R13-two'],
    ['{"password_new":"R13-new","passwordRepeat":"R13-repeat"}', 'R13-new'],
    ['{"password_new":"R13-new","passwordRepeat":"R13-repeat"}', 'R13-repeat'],
    // Card security codes, one-time codes, PINs, passphrases, passcodes.
    ['cvv=R13cvv&exp=12/30', 'R13cvv'],
    ['{"otp":"R13otp","pin":"R13pin"}', 'R13otp'],
    ['{"otp":"R13otp","pin":"R13pin"}', 'R13pin'],
    ['passphrase=R13-phrase pw=R13-pw passcode=R13-code', 'R13-phrase'],
    ['passphrase=R13-phrase pw=R13-pw passcode=R13-code', 'R13-pw'],
    ['passphrase=R13-phrase pw=R13-pw passcode=R13-code', 'R13-code'],
    ['PHPSESSID=R13-php', 'R13-php'],
    // An Azure storage connection string.
    ['DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=R13azurekey==;EndpointSuffix=core.windows.net', 'R13azurekey'],
    // A JSON document logged as a string: its quotes escaped.
    ['{"request":"{\\"password\\":\\"R13 doubled\\",\\"apiKey\\":\\"R13-key\\"}"}', 'R13 doubled'],
    ['{"request":"{\\"password\\":\\"R13 doubled\\",\\"apiKey\\":\\"R13-key\\"}"}', 'R13-key'],
    // A card number with another number in the same run: a CVV or expiry after, a quantity before.
    ['card 4111 1111 1111 1111 123', '4111 1111 1111 1111'],
    ['paid with card 4242 4242 4242 4242 12/34', '4242 4242 4242 4242'],
    ['qty 2 4111111111111111', '4111111111111111'],
    ['amex 3782 822463 10005 0425', '3782 822463 10005'],
    // A URL inside a query string, percent-encoded: its own pairs and credentials.
    ['/login?redirect=%2Fcallback%3Ftoken%3DR13-enc%26page%3D2', 'R13-enc'],
    ['?auth_header=Bearer%20R13pctbearer', 'R13pctbearer'],
    // E-mail addresses in other scripts, or with the @ percent-encoded twice; cookies in JSON.
    ['contact josé.müller@exämple.de today', 'müller'],
    ['/r?next=%2Fu%3Fe%3Dalice%2540example.com', 'alice'],
    ['{"cookie":"theme=dark; remember_me=R13-remember"}', 'R13-remember'],
    // PostgreSQL's error details: the duplicate key's value, a rejected row.
    ['Key (api_token)=(R13-duplicate) already exists.', 'R13-duplicate'],
    ['Key (user_id, nickname)=(42, R13 nick) already exists.', 'R13 nick'],
    ['Failing row contains (7, R13-row-hash, null).', 'R13-row-hash'],
    ["Duplicate entry 'R13-mysql-dup' for key 'users.username'", 'R13-mysql-dup'],
    // More key formats: AWS temporary key ids, Google OAuth, Telegram bot tokens, Discord webhooks.
    ['temporary ASIAR13TEMPORARYKEY0 id', 'ASIAR13TEMPORARYKEY0'],
    ['google ya29.R13a0AfH6SMBexampleaccesstoken', 'ya29.R13a0AfH6SMBexampleaccesstoken'],
    ['client GOCSPX-R13abcdefghijklmnopqrstu', 'GOCSPX-R13abcdefghijklmnopqrstu'],
    ['https://api.telegram.org/bot123456789:AAR13abcdefghijklmnopqrstuvwxyz0123/sendMessage', 'AAR13abcdefghijklmnopqrstuvwxyz0123'],
    ['https://discord.com/api/webhooks/1234567890/R13discordwebhooktoken', 'R13discordwebhooktoken'],
    // Session ids and social security numbers in text (connect-redis's `sess:` keys included),
    // an API key as the query parameter `key`.
    ['GET /login?session=R15sessq7Yh3Kd9&ssn=219099999', 'R15sessq7Yh3Kd9'],
    ['GET /login?session=R15sessq7Yh3Kd9&ssn=219099999', '219099999'],
    ['loaded session=R15SessTextTok from cache', 'R15SessTextTok'],
    ['get sess:R15ConnectRedisSid', 'R15ConnectRedisSid'],
    ['https://maps.example.test/api?center=x&key=R15querykey5Tr8', 'R15querykey5Tr8'],
    // A password with a raw @ in a connection URL, which drivers accept.
    ['mongodb://svc:Sup3r@R15AtPw1!@mongo.internal/app', 'R15AtPw1'],
    ['postgres://app:Pa55@R15AtPw2#x@db.internal:5432/app', 'R15AtPw2'],
    // Node's inspection of a Map or URLSearchParams, JSON percent-encoded in a query string.
    ["Map(2) { 'password' => 'R15MapPw7', 'token' => 'R15MapTok8' }", 'R15MapPw7'],
    ["URLSearchParams { 'access_token' => 'R15SplatTok5' }", 'R15SplatTok5'],
    ['/search?filter=%7B%22password%22%3A%22R15EncJsonPw12%22%7D', 'R15EncJsonPw12'],
    // PGP private keys, Microsoft Teams and Zapier webhooks.
    ['-----BEGIN PGP PRIVATE KEY BLOCK-----\nR15pgpbody\n-----END PGP PRIVATE KEY BLOCK-----', 'R15pgpbody'],
    ['https://acme.webhook.office.com/webhookb2/a1b2@c3d4/IncomingWebhook/R15TeamsHookSecret/e5f6', 'R15TeamsHookSecret'],
    ['POST https://hooks.zapier.com/hooks/catch/123456/R15ZapHookSec1/', 'R15ZapHookSec1'],
  ];
  for (const [input, secret] of cases) {
    const output = scrubber.scrubString(input);
    assert.ok(!output.includes(secret), `${input} -> ${output}`);
    assert.ok(output.includes(MASK), `${input} -> ${output}`);
  }
});

test('leaves ordinary values alone: routes, Luhn-invalid numbers, counts of AI tokens', () => {
  for (const value of [
    '/api/items/:id', 'order 1234567890123456 shipped', 'tokens_used: 532', 'GET /health 200', 'http://demo-app:3000/health',
    '2026-11-22T14:00:00Z', 'bypass=true', 'Author: Ann',
    // IBAN-shaped references whose check digits fail, dates and phone numbers with dashes.
    'ref DE89370400440532013001', 'sku ABCD1234567890123', 'on 2026-12-07, call 555-123-4567',
    // Redis keys that name a session are not the session's secret; numbers in other blocks
    // (a date range, a phone number) are not searched for a card.
    'SET session:42 value', 'from 2026-01-18 2026-12-31', 'spin=3 pinned=true',
    // A scheme's name in prose, followed by a plain word.
    'Token expired, please sign in again', 'Basic authentication failed',
    // A challenge's parameter is not a credential; a cache key is not an API key.
    'WWW-Authenticate: Bearer realm="api"', 'cache miss key=user:42', 'GET sess:17',
  ]) {
    assert.equal(scrubber.scrubString(value), value);
  }
  // Epoch milliseconds pass the Luhn check one time in ten; card numbers never start with 1.
  assert.equal(luhnValid('1733561234506'), true);
  assert.equal(scrubber.scrubString('at 1733561234506'), 'at 1733561234506');
  assert.equal(scrubber.scrubValue('at', 1733561234506), 1733561234506);
  assert.equal(luhnValid('4242424242424242'), true);
  assert.equal(luhnValid('1234567890123456'), false);
  // Luhn-valid numbers no card has at that length: 6 TiB in bytes (13 digits from 6), an IMEI
  // (15 digits from 35, Luhn-checked itself); cards of 13, 14 and 15 digits are still masked.
  for (const number of [6597069766656, 356938035643809]) {
    assert.equal(luhnValid(String(number)), true);
    assert.equal(scrubber.scrubValue('n', number), number);
    assert.equal(scrubber.scrubString(`n ${number}`), `n ${number}`);
  }
  for (const card of ['4222222222222', '30569309025904', '378282246310005']) assert.equal(scrubber.scrubString(`card ${card}`), `card ${MASK}`, card);
});

test('masks whole values under sensitive keys, word by word', () => {
  assert.deepEqual(keyWords('x-api-key'), ['x', 'api', 'key', 'xapi', 'apikey']);
  for (const key of ['password', 'user.password', 'http.request.header.authorization', 'apiKey', 'x-api-key', 'set-cookie', 'session_id', 'client_secret', 'refreshToken', 'cardNumber', 'customer_reference', 'accesstoken', 'clientsecret', 'refreshtoken', 'sessionid', 'pass', 'sid', 'pin', 'otp', 'connect.sid',
    'password1', 'password2', 'passwords', 'secrets', 'x-access-key', 'ocp-apim-subscription-key', 'JWT_SIGNING_KEY', 'AccountKey', 'passcode',
    'pw', 'cvv2', 'securityCode', 'csc', 'x-functions-key', 'session_id', 'password_hash', 'MessageSid',
    'x-hub-signature-256', 'stripe-signature', 'X-Slack-Signature', 'x-shopify-hmac-sha256']) {
    assert.equal(scrubber.isSensitiveKey(key), true, key);
  }
  for (const key of ['http.route', 'tokens_used', 'author', 'db.operation.name', 'passage', 'gen_ai.usage.input_tokens', 'tokenizer', 'spin', 'auth0_domain', 'ipv4']) {
    assert.equal(scrubber.isSensitiveKey(key), false, key);
  }
  // A key whose last word describes the secret holds no secret: a duration, a method, a count.
  for (const key of ['session_duration_ms', 'auth.duration_ms', 'auth_method', 'auth_provider', 'pass_rate', 'cookie_consent', 'totalTokenCount', 'authorization_status', 'credential_type', 'secretVersion', 'token_type']) {
    assert.equal(scrubber.isSensitiveKey(key), false, key);
  }
  // An app's own key is masked whatever its last word (OBS_SCRUB_KEYS).
  assert.equal(createScrubber(['loyalty_status']).isSensitiveKey('loyalty_status'), true);
});

test('a boolean under a sensitive key says whether, not what: it is kept', () => {
  const attributes = { has_password: true, otp_enabled: false, password: 'R13-kept-out', pin: 1234 };
  assert.deepEqual(scrubber.scrubAttributes(attributes), { has_password: true, otp_enabled: false, password: MASK, pin: MASK });
  assert.equal(scrubber.scrubValue('cookie_consent', true), true);
});

test('scrubs nested attributes and arrays, and returns the same object when nothing changed', () => {
  const clean = { 'http.route': '/api/items/:id', count: 3 };
  assert.equal(scrubber.scrubAttributes(clean), clean);
  const dirty = { user: { email: 'ann@example.test', password: 'pw', plan: 'pro' }, tags: ['ok', 'call 4111111111111111'], token: '' };
  const scrubbed = scrubber.scrubAttributes(dirty);
  assert.deepEqual(scrubbed, { user: { email: MASK, password: MASK, plan: 'pro' }, tags: ['ok', `call ${MASK}`], token: '' });
  assert.equal(dirty.user.email, 'ann@example.test', 'the input is not mutated');
  // An address used as a key (visitors counted per user, an attribute named after one).
  assert.deepEqual(scrubber.scrubAttributes({ visitors: { 'R15.key@example.com': 3 }, 'customer/R15-oscar@example.com': 1 }), { visitors: { [MASK]: 3 }, [`customer/${MASK}`]: 1 });
});

test('headers written as a list of names and values: each value after a sensitive name is masked', () => {
  const rawHeaders = ['Host', 'shop.test', 'X-Api-Key', 'R14-raw-key', 'Cookie', 'R14-cookie', 'Accept', '*/*', 'Stripe-Signature', 't=1,v1=R14sig'];
  assert.deepEqual(scrubber.scrubValue('rawHeaders', rawHeaders), ['Host', 'shop.test', 'X-Api-Key', MASK, 'Cookie', MASK, 'Accept', '*/*', 'Stripe-Signature', MASK]);
  // Entries of a Headers object or a form, as [name, value] pairs.
  assert.deepEqual(scrubber.scrubValue('headers', [['content-type', 'text/plain'], ['x-auth-token', 'R14-entry']]), [['content-type', 'text/plain'], ['x-auth-token', MASK]]);
  // A list of words is not a header list: tags keep every word.
  const tags = ['auth', 'billing', 'session', 'ui'];
  assert.equal(scrubber.scrubValue('tags', tags), tags);
  assert.equal(rawHeaders[3], 'R14-raw-key', 'the input is not mutated');
});

test('masks card numbers stored as numbers, and values nested deeper than it reads', () => {
  assert.deepEqual(scrubber.scrubAttributes({ payment: { cc: 4111111111111111 }, order: 1234567890123456, count: 12 }), { payment: { cc: MASK }, order: 1234567890123456, count: 12 });
  let deep = { password: 'R6-deep-pw', email: 'r6-deep@corp.com', note: 'fine' };
  for (let level = 0; level < 40; level++) deep = { next: deep };
  const scrubbed = JSON.stringify(scrubber.scrubAttributes(deep));
  assert.ok(!scrubbed.includes('R6-deep-pw') && !scrubbed.includes('r6-deep@corp.com'), scrubbed.slice(-200));
});

test('a long text of dotted words is scrubbed in linear time', () => {
  const text = `${'a.'.repeat(50_000)}=x`;
  const started = performance.now();
  scrubber.scrubString(text);
  // Generous: a quadratic pattern takes tens of seconds on this input.
  assert.ok(performance.now() - started < 2_000, `${Math.round(performance.now() - started)} ms`);
});
