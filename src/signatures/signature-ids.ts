// A signature's id without reading the rest of it. The cache hands out signatures parsed
// on first read (cache.ts): finding one by id would otherwise parse every one of them (a
// ranking of one match parsed all 2,000, most of a small scan's JSON work). Their texts
// begin with the id (JSON.stringify keeps the schema's key order), read from there.

import type { Signature } from './schema';

const lazyTexts = new WeakMap<readonly Signature[], readonly string[]>();
const LEADING_ID = /^\{"id":("(?:[^"\\]|\\.)*")/;

/** Registers the JSON texts a lazily parsed list of signatures is read from. */
export function registerSignatureTexts(signatures: readonly Signature[], texts: readonly string[]): void {
  lazyTexts.set(signatures, texts);
}

/** Each signature's id and its index, parsing none of them that the cache still holds as text. */
export function signatureIndex(signatures: readonly Signature[]): Map<string, number> {
  const texts = lazyTexts.get(signatures);
  const index = new Map<string, number>();
  for (let i = 0; i < signatures.length; i++) {
    // Only one still unread (a getter) is its text; one read or set since answers for itself.
    const unread = texts !== undefined && Object.getOwnPropertyDescriptor(signatures, i)?.get !== undefined;
    const leading = unread && LEADING_ID.exec(texts[i]!)?.[1];
    index.set(leading ? (JSON.parse(leading) as string) : signatures[i]!.id, i);
  }
  return index;
}
