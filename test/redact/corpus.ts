import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

// The secrets corpus of fixtures/secrets/, shared by the redaction, note, export and headless tests.

const dir = fileURLToPath(new URL('../../fixtures/secrets/', import.meta.url));

export const secretKinds = z
  .array(z.strictObject({ kind: z.string(), rule: z.string(), secret: z.string(), text: z.string() }))
  .parse(parse(readFileSync(`${dir}kinds.yaml`, 'utf8')));

/** Domain values every exit must keep as they are: trace ids, digests, SHAs, pod names, uids. */
export const keptValues = z
  .array(z.strictObject({ what: z.string(), value: z.string(), text: z.string() }))
  .parse(parse(readFileSync(`${dir}keep.yaml`, 'utf8')));

export const cleanLines = readFileSync(`${dir}clean.log`, 'utf8')
  .split('\n')
  .filter((l) => l !== '');

/** The parts of a secret that must never appear: the whole, and each line of a multi-line one (a key block's body). */
function pieces(secret: string): string[] {
  const lines = secret.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
  return lines.length > 1 ? [secret, ...lines] : [secret];
}

/** Every kind of the corpus whose secret, or a line of it, still appears in `text`. */
export function leakedSecrets(text: string): string[] {
  return secretKinds.filter((k) => pieces(k.secret).some((p) => text.includes(p))).map((k) => k.kind);
}

/** Each line of every corpus text on its own, as a log tail shows them. */
export const secretLines = secretKinds.flatMap((k) => k.text.split('\n'));

/** Shortest piece of a secret that counts as a leak. */
const FRAGMENT = 8;

/**
 * Every 8-character window of every secret (each line of a key block on its own), except
 * windows that also occur where no secret is: in the corpus texts with their secrets taken
 * out, the clean log and the kept values (`https://`, `password` are not leaks).
 */
const fragmentKinds: Map<string, string> = (() => {
  const publicText = [...secretKinds.map((k) => k.text.split(k.secret).join('\n')), ...cleanLines, ...keptValues.map((k) => k.text), 'REDACTED:'].join('\n');
  const index = new Map<string, string>();
  for (const k of secretKinds) {
    for (const piece of k.secret.split('\n').filter((l) => !l.startsWith('-----'))) {
      for (let i = 0; i + FRAGMENT <= piece.length; i++) {
        const window = piece.slice(i, i + FRAGMENT);
        if (!publicText.includes(window) && !index.has(window)) index.set(window, k.kind);
      }
    }
  }
  return index;
})();

/** The kinds of which a piece of 8 characters or more survives in `text`, with the first piece found. */
export function leakedFragments(text: string): { kind: string; fragment: string }[] {
  const found = new Map<string, string>();
  for (let i = 0; i + FRAGMENT <= text.length; i++) {
    const kind = fragmentKinds.get(text.slice(i, i + FRAGMENT));
    if (kind !== undefined && !found.has(kind)) found.set(kind, text.slice(Math.max(0, i - 20), i + FRAGMENT + 20));
  }
  return [...found].map(([kind, fragment]) => ({ kind, fragment }));
}
