// The built-in redaction rules: one entry per kind of secret, most specific first.
// Each pattern either matches the secret itself, or has a `secret` group for the part
// to replace while the rest (a key name, a header, a URL) stays readable.
// Separators use [ \t] rather than \s so that no rule ever spans a line break, except
// private key blocks, which are multi-line by nature.

export interface RedactionRule {
  /** Kebab-case; the placeholder is `[REDACTED:<name>]`. */
  name: string;
  /** Global flag required. */
  pattern: RegExp;
  /** Extra judgement on a candidate (entropy, key names); false keeps the text. */
  accept?: (secret: string, groups: Record<string, string | undefined>) => boolean;
  /**
   * Text the pattern cannot match without: a literal (case-sensitive) or a regex. A text
   * without it skips the rule, which keeps redacting a log line cheap.
   */
  hint?: string | RegExp;
  /** The pattern may match across a line break (a key block, a plan's pattern): run on the whole text, not line by line. */
  spansLines?: boolean;
}

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function characterClasses(text: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(text)).length;
}

/** A value that looks generated rather than written: long, varied, mixed. */
function looksRandom(value: string): boolean {
  if (value.length < 16) return false;
  // Hex keys (Datadog, Twilio) have at most 4 bits a character: judged on their own scale.
  if (value.length >= 32 && /^[0-9a-f]+$/i.test(value)) return entropy(value) >= 3 && /[a-f]/i.test(value) && /[0-9]/.test(value);
  return entropy(value) >= 3.5 && characterClasses(value) >= 2;
}

// Key names that hold a secret's metadata, not the secret: `secret_name`, `tokenType`, `token_count`.
const METADATA_KEY =
  /(?:name|names|ref|kind|type|count|len|length|ids?|path|file|expiry|expires(?:_?at)?|ttl|url|uri|endpoint|usage|limit|header|prefix)["']?$/i;

// Not a word character on the left: the start of a token. A letter that ends an escape
// (`\n` in JSON text) or a colour code (`\x1b[31m`) does not count, so a token right after
// one is still found when redacting printed text.
const L = '(?<!(?<!\\\\|\\x1b\\[[0-9;]*)[A-Za-z0-9_])';
/** A line's own timestamp, as `kubectl logs --timestamps` prefixes it: a rule anchored at a line start looks past it. */
const STAMP = '(?:[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2})[ \\t]+)?';
/** Not a token character on the right: the whole token or nothing. */
const R = '(?![A-Za-z0-9_-])';

// Key names that say "secret": matched on a whole key token (bounded, so scanning stays linear), judged in `accept`.
const SECRET_KEY_WORD =
  /(?:secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?|passphrase|signing[_-]?key|encryption[_-]?key|client[_-]?key)(?![a-z])/i;

/**
 * Whether a field or variable name says its value is secret (`DB_PASSWORD`, `apiKey`,
 * `client_secret`), not about a secret (`secretName`, `tokenExpiry`, `checksum/secret`).
 */
export function namesSecret(key: string): boolean {
  if (METADATA_KEY.test(key) || /checksum|hash|digest|sha\d*(?![a-z])/i.test(key)) return false;
  return SECRET_KEY_WORD.test(key) || /pass(?:word|wd|phrase)|(?:^|_)pwd$/i.test(key);
}

export const BUILTIN_RULES: readonly RedactionRule[] = [
  {
    name: 'private-key',
    // Unterminated (a text cut inside the block): up to the end, but not the final newline, which ends the line.
    pattern: /-----BEGIN[A-Z ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z ]*PRIVATE KEY(?: BLOCK)?-----|(?=\r?\n?$))/g,
    hint: '-----BEGIN',
    spansLines: true,
  },
  {
    // A key block's body line seen on its own (a log tail cut through the block): up to 64 base64 characters and nothing else.
    name: 'private-key',
    pattern: new RegExp(`^${STAMP}[ \\t]*(?<secret>[A-Za-z0-9+/]{40,64}={0,2})[ \\t]*$`, 'gm'),
    accept: (secret) => looksRandom(secret) && /[g-zG-Z+/]/.test(secret),
  },
  { name: 'aws-access-key-id', pattern: new RegExp(`${L}(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])`, 'g') },
  { name: 'github-token', pattern: new RegExp(`${L}(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})`, 'g') },
  { name: 'gitlab-token', pattern: new RegExp(`${L}gl(?:pat|ptt|dt|rt|cbt|oas|imt|ft)-[A-Za-z0-9_-]{20,}`, 'g'), hint: 'gl' },
  { name: 'slack-webhook', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/g, hint: 'hooks.slack.com' },
  { name: 'slack-token', pattern: new RegExp(`${L}(?:xox[abposrce]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,})`, 'g'), hint: /xox|xapp/ },
  {
    name: 'stripe-key',
    pattern: new RegExp(`${L}(?:(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9+/]{24,})`, 'g'),
    hint: /_(?:live|test)_|whsec_/,
  },
  { name: 'google-api-key', pattern: new RegExp(`${L}AIza[0-9A-Za-z_-]{35}`, 'g'), hint: 'AIza' },
  { name: 'google-oauth-secret', pattern: new RegExp(`${L}GOCSPX-[A-Za-z0-9_-]{24,}`, 'g'), hint: 'GOCSPX-' },
  { name: 'google-oauth-token', pattern: new RegExp(`${L}ya29\\.[A-Za-z0-9_-]{30,}`, 'g'), hint: 'ya29.' },
  { name: 'npm-token', pattern: new RegExp(`${L}npm_[A-Za-z0-9]{36}`, 'g'), hint: 'npm_' },
  { name: 'pypi-token', pattern: new RegExp(`${L}pypi-AgE[A-Za-z0-9_-]{50,}`, 'g'), hint: 'pypi-' },
  { name: 'sendgrid-key', pattern: new RegExp(`${L}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}`, 'g'), hint: 'SG.' },
  { name: 'anthropic-key', pattern: new RegExp(`${L}sk-ant-[A-Za-z0-9_-]{20,}`, 'g'), hint: 'sk-ant-' },
  { name: 'openai-key', pattern: new RegExp(`${L}sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}`, 'g'), hint: 'sk-' },
  { name: 'huggingface-token', pattern: new RegExp(`${L}hf_[A-Za-z]{30,}${R}`, 'g'), hint: 'hf_' },
  { name: 'groq-key', pattern: new RegExp(`${L}gsk_[A-Za-z0-9]{48,}${R}`, 'g'), hint: 'gsk_' },
  { name: 'databricks-token', pattern: new RegExp(`${L}dapi[a-f0-9]{32}(?:-[0-9])?${R}`, 'g'), hint: 'dapi' },
  { name: 'grafana-token', pattern: new RegExp(`${L}(?:glc_[A-Za-z0-9+/]{32,}={0,2}|glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}${R})`, 'g'), hint: /gl(?:c|sa)_/ },
  { name: 'linear-key', pattern: new RegExp(`${L}lin_(?:api|oauth)_[A-Za-z0-9]{40,}`, 'g'), hint: 'lin_' },
  { name: 'notion-token', pattern: new RegExp(`${L}(?:ntn_[0-9]{11}[A-Za-z0-9]{32,}|secret_[A-Za-z0-9]{43}${R})`, 'g'), hint: /ntn_|secret_/ },
  { name: 'figma-token', pattern: new RegExp(`${L}figd_[A-Za-z0-9_-]{38,}`, 'g'), hint: 'figd_' },
  { name: 'newrelic-key', pattern: new RegExp(`${L}NR(?:AK|II)-[A-Za-z0-9_-]{27,32}${R}`, 'g'), hint: 'NR' },
  { name: 'sentry-token', pattern: new RegExp(`${L}sntry[us]_[A-Za-z0-9+/=_-]{40,}`, 'g'), hint: 'sntry' },
  { name: 'postman-key', pattern: new RegExp(`${L}PMAK-[a-f0-9]{24}-[a-f0-9]{34}`, 'g'), hint: 'PMAK-' },
  { name: 'doppler-token', pattern: new RegExp(`${L}dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,}`, 'g'), hint: 'dp.' },
  { name: 'pulumi-token', pattern: new RegExp(`${L}pul-[a-f0-9]{40}${R}`, 'g'), hint: 'pul-' },
  { name: 'terraform-token', pattern: new RegExp(`${L}[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,}`, 'g'), hint: '.atlasv1.' },
  { name: 'age-secret-key', pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/g, hint: 'AGE-SECRET-KEY-' },
  { name: 'vault-token', pattern: new RegExp(`${L}hv[sbr]\\.[A-Za-z0-9_-]{24,}`, 'g'), hint: /hv[sbr]\./ },
  { name: 'digitalocean-token', pattern: new RegExp(`${L}do[porc]_v1_[a-f0-9]{64}`, 'g'), hint: '_v1_' },
  { name: 'shopify-token', pattern: new RegExp(`${L}shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}`, 'g'), hint: 'shp' },
  { name: 'twilio-key', pattern: new RegExp(`${L}SK[0-9a-f]{32}(?![A-Za-z0-9])`, 'g'), hint: 'SK' },
  { name: 'telegram-bot-token', pattern: new RegExp(`${L}[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])`, 'g'), hint: ':AA' },
  { name: 'azure-storage-key', pattern: /(?<pre>AccountKey=)(?<secret>[A-Za-z0-9+/]{43,}={0,2})/g, hint: 'AccountKey=' },
  // A shared access signature's `sig=` (URL-encoded base64): the rest of the SAS URL stays readable.
  { name: 'azure-sas-signature', pattern: /(?<pre>[?&]sig=)(?<secret>(?!\[REDACTED:)[A-Za-z0-9%+/=]{16,})/g, hint: 'sig=' },
  {
    name: 'jwt',
    pattern: new RegExp(`${L}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`, 'g'),
    hint: 'eyJ',
  },
  {
    name: 'authorization-header',
    pattern:
      /(?<pre>(?:Proxy-)?Authorization["']?[ \t]*[:=][ \t]*["']?(?<scheme>(?:Bearer|Basic|Token|Digest|Negotiate|Bot|SSWS)[ \t]+)?)(?<secret>(?!\[REDACTED:)[^\s"',;]{6,})/gi,
    // Without a scheme, `authorization: denied` is a status, not a credential.
    accept: (secret, groups) => groups.scheme !== undefined || looksRandom(secret),
    hint: /authorization/i,
  },
  { name: 'bearer-token', pattern: /(?<pre>(?<![A-Za-z])Bearer[ \t]+)(?<secret>[A-Za-z0-9._~+/-]{16,}=*)/g, hint: 'Bearer' },
  {
    name: 'api-key-header',
    pattern: /(?<pre>(?:X-Api-Key|X-Auth-Token|Api-Key|PRIVATE-TOKEN|X-Vault-Token|X-Gitlab-Token)["']?[ \t]*:[ \t]*["']?)(?<secret>[^\s"',;]{8,})/gi,
    hint: /api-key|auth-token|private-token|vault-token|gitlab-token/i,
  },
  { name: 'cookie-header', pattern: /(?<pre>(?<![A-Za-z-])(?:Set-)?Cookie["']?[ \t]*:[ \t]*["']?)(?<secret>[^\s"';=]+=[^\r\n"']+)/gi, hint: /cookie/i },
  {
    // Anchored on `://` (found fast); the scheme in front is not needed to see a credential.
    name: 'url-credentials',
    pattern: /(?<pre>:\/\/[^/\s:@'"]{1,256}:)(?<secret>(?!\[REDACTED:)[^/\s@'"]{1,256})(?=@)/g,
    hint: '://',
  },
  { name: 'kubeconfig-client-key', pattern: /(?<pre>client-key-data["']?[ \t]*:[ \t]*["']?)(?<secret>[A-Za-z0-9+/=]{16,})/g, hint: 'client-key-data' },
  {
    name: 'kubeconfig-token',
    pattern: new RegExp(`(?<pre>^${STAMP}[ \\t]*(?:-[ \\t]*)?token:[ \\t]*["']?)(?<secret>[A-Za-z0-9._~+/=-]{12,})`, 'gm'),
    hint: 'token:',
  },
  {
    // `password=x`, `DB_PASSWORD=x`, `PGPASSWORD=x`, `--db-password x`, `"password": "x"`: anchored on the word, whatever prefixes it.
    name: 'password',
    pattern:
      /(?<pre>(?<=--[A-Za-z-]{0,40})password(?:[ \t]*=[ \t]*|[ \t]+)|(?:password|passwd|passphrase)(?:["'][ \t]*:[ \t]*["']|[ \t]*=[ \t]*["']?))(?<secret>(?!\[REDACTED:)[^\s&;,"'<>]+)/gi,
    hint: /pass/i,
  },
  {
    // `DB_PASSWORD: x` inside a line: only an upper-case environment name, so prose (`invalid password: try again`) stays.
    name: 'password',
    pattern: /(?<pre>(?<=(?<![A-Za-z0-9_])[A-Z0-9_]{0,40})(?:PASSWORD|PASSWD|PASSPHRASE)[ \t]*:[ \t]+["']?)(?<secret>(?!\[REDACTED:)[^\s&;,"'<>]+)/g,
    hint: 'PASS',
  },
  {
    name: 'password',
    pattern: new RegExp(`(?<pre>^${STAMP}[ \\t]*(?:-[ \\t]*)?[A-Za-z_]*password:[ \\t]*["']?)(?<secret>(?!\\[REDACTED:)[^\\s"']+)`, 'gim'),
    hint: /password/i,
  },
  {
    // `password: s3cr3t-Pa55` inside a line: a value with a digit and a letter, so prose (`password: incorrect`) stays.
    name: 'password',
    pattern: /(?<pre>password[ \t]*:[ \t]+["']?)(?<secret>(?!\[REDACTED:)[^\s"',;]{6,})/gi,
    accept: (secret) => /[0-9]/.test(secret) && /[A-Za-z]/.test(secret),
    hint: /password/i,
  },
  {
    name: 'password',
    pattern: /(?<pre>(?<![A-Za-z0-9])(?:[A-Z][A-Z0-9]*_PWD[ \t]*=[ \t]*|requirepass[ \t]+|masterauth[ \t]+))(?<secret>(?!\[REDACTED:)[^\s"']+)/g,
    hint: /PWD|requirepass|masterauth/,
  },
  { name: 'netrc-password', pattern: /(?<pre>machine[ \t]+\S+[ \t]+login[ \t]+\S+[ \t]+password[ \t]+)(?<secret>(?!\[REDACTED:)\S+)/g, hint: 'machine' },
  { name: 'npmrc-auth', pattern: /(?<pre>(?<![A-Za-z0-9])_auth(?:Token)?[ \t]*=[ \t]*)(?<secret>(?!\[REDACTED:)[^\s"']{8,})/g, hint: '_auth' },
  {
    // `--token=x`, `--auth-token x`, `--client-secret x`: a flag that names a secret, then its value.
    name: 'cli-secret-flag',
    pattern: /(?<pre>--(?:[a-z]+-)*(?:token|secret|api-key|apikey|access-key)(?:=|[ \t]+))(?<secret>(?!\[REDACTED:|-)[^\s"']{8,})/g,
    hint: '--',
  },
  { name: 'docker-auth', pattern: /(?<pre>"auth"[ \t]*:[ \t]*")(?<secret>[A-Za-z0-9+/]{12,}={0,2})(?=")/g, hint: '"auth"' },
  {
    name: 'aws-secret-access-key',
    pattern: /(?<pre>(?:aws_?)?(?:secret_?access_?key|session_?token)["']?[ \t]*[:=][ \t]*["']?)(?<secret>[A-Za-z0-9/+=]{40,})/gi,
    hint: /access_?key|session_?token/i,
  },
  {
    // A key block's line behind a prefix a logger added to each line: a full body line (64
    // base64 characters) or a padded last one. Last: every specific rule had its turn.
    name: 'private-key',
    pattern: /(?<=[ \t])(?<secret>[A-Za-z0-9+/]{38,64}={0,2})(?![A-Za-z0-9+/=])/g,
    // What every match holds, found without the pattern's look-behind at each position
    // (a third of its cost, where most texts have no run that long).
    hint: /[ \t][A-Za-z0-9+/]{38}/,
    accept: (secret) => (secret.length === 64 || /=$/.test(secret)) && looksRandom(secret) && /[g-zG-Z+/]/.test(secret),
  },
  {
    name: 'high-entropy-secret',
    pattern: /(?<key>(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]{1,64})(?<pre>["']?[ \t]*[:=][ \t]*["']?)(?<secret>[A-Za-z0-9+/_.~-]{16,}={0,2})/g,
    // `=` only as padding: `env: DD_API_KEY=…` is a key and its value, not one value.
    accept: (secret, groups) => SECRET_KEY_WORD.test(groups.key ?? '') && !METADATA_KEY.test(groups.key ?? '') && looksRandom(secret),
    hint: SECRET_KEY_WORD,
  },
];
