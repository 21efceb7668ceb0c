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
}

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
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
export function looksRandom(value: string): boolean {
  return value.length >= 16 && entropy(value) >= 3.5 && characterClasses(value) >= 2;
}

// Key names that hold a secret's metadata, not the secret: `secret_name`, `tokenType`, `token_count`.
const METADATA_KEY = /(?:name|names|ref|kind|type|count|len|length|ids?|path|file|expiry|expires(?:_?at)?|ttl|url|uri|endpoint|usage|limit|header|prefix)["']?$/i;

// Not a word or token character on the left: the start of a token, without \b's blind spot after `\n` escapes.
const L = '(?<![A-Za-z0-9_])';

// Key names that say "secret": matched on a whole key token (bounded, so scanning stays linear), judged in `accept`.
const SECRET_KEY_WORD =
  /(?:secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?|passphrase|signing[_-]?key|encryption[_-]?key|client[_-]?key)(?![a-z])/i;

export const BUILTIN_RULES: readonly RedactionRule[] = [
  {
    name: 'private-key',
    pattern: /-----BEGIN[A-Z ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  {
    // A key block's body line seen on its own (a log tail cut through the block): up to 64 base64 characters and nothing else.
    name: 'private-key',
    pattern: /^[ \t]*(?<secret>[A-Za-z0-9+/]{40,64}={0,2})[ \t]*$/gm,
    accept: (secret) => looksRandom(secret) && /[g-zG-Z+/]/.test(secret),
  },
  { name: 'aws-access-key-id', pattern: new RegExp(`${L}(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])`, 'g') },
  { name: 'github-token', pattern: new RegExp(`${L}(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})`, 'g') },
  { name: 'gitlab-token', pattern: new RegExp(`${L}gl(?:pat|ptt|dt|rt|cbt|oas|imt|ft)-[A-Za-z0-9_-]{20,}`, 'g') },
  { name: 'slack-webhook', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/g },
  { name: 'slack-token', pattern: new RegExp(`${L}xox[abposrce]-[A-Za-z0-9-]{10,}`, 'g') },
  { name: 'stripe-key', pattern: new RegExp(`${L}(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}`, 'g') },
  { name: 'google-api-key', pattern: new RegExp(`${L}AIza[0-9A-Za-z_-]{35}`, 'g') },
  { name: 'npm-token', pattern: new RegExp(`${L}npm_[A-Za-z0-9]{36}`, 'g') },
  { name: 'pypi-token', pattern: new RegExp(`${L}pypi-AgE[A-Za-z0-9_-]{50,}`, 'g') },
  { name: 'sendgrid-key', pattern: new RegExp(`${L}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}`, 'g') },
  { name: 'anthropic-key', pattern: new RegExp(`${L}sk-ant-[A-Za-z0-9_-]{20,}`, 'g') },
  { name: 'openai-key', pattern: new RegExp(`${L}sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}`, 'g') },
  { name: 'vault-token', pattern: new RegExp(`${L}hv[sbr]\\.[A-Za-z0-9_-]{24,}`, 'g') },
  { name: 'digitalocean-token', pattern: new RegExp(`${L}do[porc]_v1_[a-f0-9]{64}`, 'g') },
  { name: 'shopify-token', pattern: new RegExp(`${L}shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}`, 'g') },
  { name: 'twilio-key', pattern: new RegExp(`${L}SK[0-9a-f]{32}(?![A-Za-z0-9])`, 'g') },
  { name: 'telegram-bot-token', pattern: new RegExp(`${L}[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])`, 'g') },
  { name: 'azure-storage-key', pattern: /(?<pre>AccountKey=)(?<secret>[A-Za-z0-9+/]{43,}={0,2})/g },
  {
    name: 'jwt',
    pattern: new RegExp(`${L}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`, 'g'),
  },
  {
    name: 'authorization-header',
    pattern:
      /(?<pre>(?:Proxy-)?Authorization["']?[ \t]*[:=][ \t]*["']?(?<scheme>(?:Bearer|Basic|Token|Digest|Negotiate|Bot)[ \t]+)?)(?<secret>(?!\[REDACTED:)[^\s"',;]{6,})/gi,
    // Without a scheme, `authorization: denied` is a status, not a credential.
    accept: (secret, groups) => groups.scheme !== undefined || looksRandom(secret),
  },
  { name: 'bearer-token', pattern: /(?<pre>(?<![A-Za-z])Bearer[ \t]+)(?<secret>[A-Za-z0-9._~+/-]{16,}=*)/g },
  {
    name: 'api-key-header',
    pattern: /(?<pre>(?:X-Api-Key|X-Auth-Token|Api-Key|PRIVATE-TOKEN|X-Vault-Token|X-Gitlab-Token)["']?[ \t]*:[ \t]*["']?)(?<secret>[^\s"',;]{8,})/gi,
  },
  { name: 'cookie-header', pattern: /(?<pre>(?<![A-Za-z-])(?:Set-)?Cookie["']?[ \t]*:[ \t]*["']?)(?<secret>[^\s"';=]+=[^\r\n"']+)/gi },
  {
    name: 'url-credentials',
    pattern: /(?<pre>(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{0,31}:\/\/[^/\s:@'"]{1,256}:)(?<secret>(?!\[REDACTED:)[^/\s@'"]{1,256})(?=@)/g,
  },
  { name: 'kubeconfig-client-key', pattern: /(?<pre>client-key-data["']?[ \t]*:[ \t]*["']?)(?<secret>[A-Za-z0-9+/=]{16,})/g },
  { name: 'kubeconfig-token', pattern: /(?<pre>^[ \t]*(?:-[ \t]*)?token:[ \t]*["']?)(?<secret>[A-Za-z0-9._~+/=-]{12,})/gm },
  {
    name: 'password',
    pattern:
      /(?<pre>(?<![A-Za-z0-9_])(?:--[A-Za-z-]{0,40}password[ \t=]+|(?:[A-Za-z_]{0,40}_)?(?:password|passwd|passphrase)(?:["'][ \t]*:[ \t]*["']|[ \t]*=[ \t]*)))(?<secret>(?!\[REDACTED:)[^\s&;,"'<>]+)/gi,
  },
  { name: 'password', pattern: /(?<pre>^[ \t]*(?:-[ \t]*)?[A-Za-z_]*password:[ \t]*["']?)(?<secret>(?!\[REDACTED:)[^\s"']+)/gim },
  { name: 'docker-auth', pattern: /(?<pre>"auth"[ \t]*:[ \t]*")(?<secret>[A-Za-z0-9+/]{12,}={0,2})(?=")/g },
  {
    name: 'aws-secret-access-key',
    pattern: /(?<pre>(?:aws_?)?(?:secret_?access_?key|session_?token)["']?[ \t]*[:=][ \t]*["']?)(?<secret>[A-Za-z0-9/+=]{40,})/gi,
  },
  {
    name: 'high-entropy-secret',
    pattern: /(?<key>(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]{1,64})(?<pre>["']?[ \t]*[:=][ \t]*["']?)(?<secret>[A-Za-z0-9+/_.~=-]{16,})/g,
    accept: (secret, groups) => SECRET_KEY_WORD.test(groups.key ?? '') && !METADATA_KEY.test(groups.key ?? '') && looksRandom(secret),
  },
];
