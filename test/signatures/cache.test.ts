import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asciiJson, cacheDir, cacheHolds, cacheKey, readCache, readJson } from '../../src/signatures/cache';
import { librarySources } from '../../src/signatures/load';
import { checkLibrary, libraryIsCached, openLibrary } from '../../src/signatures/library';
import { prepareLibrary, scanEvidence } from '../../src/signatures/scan';
import { signatureIndex } from '../../src/signatures/signature-ids';

const signature = (id: string, literal: string) => `id: ${id}
title: t
bucket: replay-dedupe
class: environment
step: rerun
severity: low
match:
  any:
    - literal: ${literal}
hypothesis: check a because b
next: n
examples:
  match: ['${literal}', 'x ${literal}']
  nomatch: ['a', 'b']
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-cache-'));
  mkdirSync(join(dir, 'sigs'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the compiled-library cache', () => {
  it('finds the cached signatures by id without parsing them (a ranking of one match read every one before)', () => {
    writeFileSync(join(dir, 'sigs', 'a.yaml'), signature('lock-held', 'lock held by run'));
    writeFileSync(join(dir, 'sigs', 'b.yaml'), signature('name-taken', 'name "x" taken'));
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    openLibrary(dir, ['sigs'], env);
    const sources = librarySources(dir, ['sigs']);
    const { signatures } = readCache(cacheDir(env)!, sources, cacheKey(sources))!.loaded;
    // Counted by property, not by value: reading an element parses it.
    const unread = () => Array.from({ length: signatures.length }, (_, i) => Object.getOwnPropertyDescriptor(signatures, i)?.get).filter(Boolean).length;
    expect(unread()).toBe(signatures.length);
    const index = signatureIndex(signatures);
    expect(unread()).toBe(signatures.length);
    expect(index.size).toBe(signatures.length);
    for (const id of ['lock-held', 'name-taken']) expect(signatures[index.get(id)!]!.id).toBe(id);
    // One set since it was cached (a replaced element) answers with its own id, not its old text's.
    signatures[index.get('lock-held')!] = { ...signatures[index.get('lock-held')!]!, id: 'lock-held-2' };
    expect(signatureIndex(signatures).get('lock-held-2')).toBe(index.get('lock-held'));
    expect(signatureIndex(signatures).has('lock-held')).toBe(false);
    signatures[index.get('lock-held')!] = { ...signatures[index.get('lock-held')!]!, id: 'lock-held' };
    // Signatures made here (no cache) answer from the objects, alike.
    expect(signatureIndex(signatures.map((s) => ({ ...s })))).toEqual(index);
  });

  it('stores the loaded library under XDG_CACHE_HOME and reads it back while the files are unchanged', () => {
    writeFileSync(join(dir, 'sigs', 'a.yaml'), signature('lock-held', 'lock held by run'));
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const first = openLibrary(dir, ['sigs'], env);
    expect(readdirSync(join(dir, 'cache', 'triage')).map((f) => f.replace(/-[0-9a-f]+\.(json|bin)$/, ''))).toEqual(['examples', 'fallback', 'prefilter', 'signatures']);
    const sources = librarySources(dir, ['sigs']);
    const cached = readCache(cacheDir(env)!, sources, cacheKey(sources))!;
    expect(cached.loaded.signatures.map((s) => s.id)).toEqual(first.library.signatures.map((s) => s.id));
    expect(cached.spec).toEqual(first.library.spec);
    // The matcher's tables come back as they were built, and a matcher made with them finds the same.
    const built = first.library.matcher.pfs;
    expect(cached.tables?.pfs.length).toBe(built.length);
    const { ownerStart, owners } = first.library.matcher.tables;
    expect([Array.from(cached.tables!.ownerStart), Array.from(cached.tables!.owners)]).toEqual([Array.from(ownerStart), Array.from(owners)]);
    cached.tables!.pfs.forEach((pf, t) => {
      const b = built[t]!;
      expect([pf.m, pf.block]).toEqual([b.m, b.block]);
      for (const k of ['ids', 'shift', 'windows', 'bucketStart', 'bucketAtoms', 'windowAt'] as const) expect(Array.from(pf[k])).toEqual(Array.from(b[k]));
      expect(pf.atoms.map((a) => Buffer.from(a).toString())).toEqual(b.atoms.map((a) => Buffer.from(a).toString()));
    });
    const again = prepareLibrary(cached.loaded.signatures, cached.spec, undefined, cached.tables);
    expect(again.matcher.tables).toBe(cached.tables);
    const lines = ['ok', 'the lock held by run 7', 'LOCK HELD BY RUN', 'nothing'];
    const found = (lib: typeof again) => scanEvidence(lib, [{ source: 's', text: lines.join('\n') }] as never).matches.map((m) => m.line + m.text);
    expect(found(again)).toEqual(found(first.library));
    expect(found(again)).toHaveLength(1);
  });

  it('writes its entry as ASCII and reads back every character past it as it was (arrows, dashes, CJK, emoji)', () => {
    const literal = 'lock — held → by run… 日本 😀 µs';
    writeFileSync(join(dir, 'sigs', 'a.yaml'), signature('lock-held', literal).replace('hypothesis: check a because b', 'hypothesis: "check the lock → because … ≤ 5 s"'));
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const first = openLibrary(dir, ['sigs'], env);
    const entry = readdirSync(join(dir, 'cache', 'triage')).find((f) => f.startsWith('signatures-'))!;
    const bytes = readFileSync(join(dir, 'cache', 'triage', entry));
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    const sources = librarySources(dir, ['sigs']);
    const cached = readCache(cacheDir(env)!, sources, cacheKey(sources))!;
    expect(cached.loaded.signatures).toEqual(first.library.signatures);
    expect(cached.loaded.signatures.find((s) => s.id === 'lock-held')!.hypothesis).toBe('check the lock → because … ≤ 5 s');
    const again = prepareLibrary(cached.loaded.signatures, cached.spec, cached.fallback, cached.tables);
    expect(scanEvidence(again, [{ source: "log", text: `x ${literal}` }]).matches.map((m) => m.signature)).toEqual(['lock-held']);
  });

  it('keeps the examples apart from the entry and reads them back on first use, from the signature files when their file is damaged', () => {
    writeFileSync(join(dir, 'sigs', 'a.yaml'), signature('lock-held', 'lock held by run'));
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const fresh = openLibrary(dir, ['sigs'], env).library.signatures;
    const files = readdirSync(join(dir, 'cache', 'triage'));
    const entry = readFileSync(join(dir, 'cache', 'triage', files.find((f) => f.startsWith('signatures-'))!), 'latin1');
    expect(entry).not.toContain('"examples"');
    expect(entry).not.toContain('x lock held by run');
    const sources = librarySources(dir, ['sigs']);
    const read = () => readCache(cacheDir(env)!, sources, cacheKey(sources))!.loaded.signatures;
    const cached = read();
    expect(cached.find((s) => s.id === 'lock-held')!.examples).toEqual({ match: ['lock held by run', 'x lock held by run'], nomatch: ['a', 'b'] });
    expect(cached.map((s) => s.examples)).toEqual(fresh.map((s) => s.examples));
    expect(JSON.parse(JSON.stringify(cached))).toEqual(JSON.parse(JSON.stringify(fresh)));
    writeFileSync(join(dir, 'cache', 'triage', files.find((f) => f.startsWith('examples-'))!), '{"content":"other","examples":[]}');
    expect(read().map((s) => s.examples)).toEqual(fresh.map((s) => s.examples));
    rmSync(join(dir, 'cache', 'triage', files.find((f) => f.startsWith('examples-'))!));
    expect(read().find((s) => s.id === 'lock-held')!.examples.match).toEqual(['lock held by run', 'x lock held by run']);
  });

  it('reads JSON that is not ASCII too (an entry written before it was)', () => {
    const value = { text: 'a → b … c 😀', n: [1, 2] };
    expect(asciiJson(value)).toMatch(/^[\x00-\x7f]*$/);
    expect(JSON.parse(asciiJson(value))).toEqual(value);
    const plain = join(dir, 'plain.json');
    const ascii = join(dir, 'ascii.json');
    writeFileSync(plain, JSON.stringify(value));
    writeFileSync(ascii, asciiJson(value));
    expect(readJson(plain)).toEqual(value);
    expect(readJson(ascii)).toEqual(value);
  });

  it('says from the head of its entry whether the cache holds the library', () => {
    writeFileSync(join(dir, 'sigs', 'a.yaml'), signature('lock-held', 'lock held by run'));
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const sources = librarySources(dir, ['sigs']);
    expect(libraryIsCached(dir, ['sigs'], env)).toBe(false);
    expect(libraryIsCached(dir, ['sigs'], {})).toBe(false);
    openLibrary(dir, ['sigs'], env);
    expect(libraryIsCached(dir, ['sigs'], env)).toBe(true);
    expect(cacheHolds(cacheDir(env)!, sources, cacheKey(sources))).toBe(true);
    writeFileSync(join(dir, 'sigs', 'b.yaml'), signature('other', 'other thing'));
    expect(cacheHolds(cacheDir(env)!, sources, cacheKey(sources))).toBe(false);
  });

  it("opens the library with the key the check that found it cached computed, and only for the same sources", () => {
    writeFileSync(join(dir, 'sigs', 'a.yaml'), signature('lock-held', 'lock held by run'));
    const first = openLibrary(dir, ['sigs'], { XDG_CACHE_HOME: join(dir, 'cache') });
    // The same cache in another folder: held there, not opened by this process yet.
    cpSync(join(dir, 'cache'), join(dir, 'cache-copy'), { recursive: true });
    const env = { XDG_CACHE_HOME: join(dir, 'cache-copy') };
    const checked = checkLibrary(dir, ['sigs'], env);
    const sources = librarySources(dir, ['sigs']);
    expect(checked).toMatchObject({ cached: true, key: cacheKey(sources) });
    const opened = openLibrary(dir, ['sigs'], env, checked);
    expect(opened.library.signatures.map((s) => s.id)).toEqual(first.library.signatures.map((s) => s.id));
    expect(checkLibrary(dir, ['sigs'], env)).toEqual({ cached: true, memoKey: checked.memoKey });
    // A check of other sources lends no key: the library is opened by its own.
    mkdirSync(join(dir, 'other'));
    const other = openLibrary(dir, ['other'], { XDG_CACHE_HOME: join(dir, 'cache-other') }, checked);
    expect(other.library.signatures.map((s) => s.id)).not.toContain('lock-held');
  });

  it('misses when a signature file changes, is added or is removed', () => {
    const file = join(dir, 'sigs', 'a.yaml');
    writeFileSync(file, signature('lock-held', 'lock held by run'));
    const sources = librarySources(dir, ['sigs']);
    const before = cacheKey(sources);
    writeFileSync(file, signature('lock-held', 'lock held by job'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const edited = cacheKey(sources);
    expect(edited).not.toBe(before);
    writeFileSync(join(dir, 'sigs', 'b.yaml'), signature('other', 'other thing'));
    const added = cacheKey(sources);
    expect(added).not.toBe(edited);
    rmSync(join(dir, 'sigs', 'b.yaml'));
    expect(cacheKey(sources)).toBe(edited);
  });

  it('reads a library written again unchanged (new times, same bytes) by its content, and keys the entry by the new times', () => {
    const file = join(dir, 'sigs', 'a.yaml');
    writeFileSync(file, signature('lock-held', 'lock held by run'));
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    openLibrary(dir, ['sigs'], env);
    const sources = librarySources(dir, ['sigs']);
    const before = cacheKey(sources);
    writeFileSync(file, signature('lock-held', 'lock held by run'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const after = cacheKey(sources);
    expect(after).not.toBe(before);
    const cached = readCache(cacheDir(env)!, sources, after)!;
    expect(cached.loaded.signatures.map((s) => s.id)).toContain('lock-held');
    expect(cached.tables).toBeDefined();
    expect(cached.fallback()).toBeDefined();
    const entry = join(dir, 'cache', 'triage', readdirSync(join(dir, 'cache', 'triage')).find((f) => f.startsWith('signatures-'))!);
    expect((JSON.parse(readFileSync(entry, 'utf8')) as { key: string }).key).toBe(after);
    // Other bytes miss, whatever the times say.
    writeFileSync(file, signature('lock-held', 'lock held by job'));
    utimesSync(file, new Date(), new Date(Date.now() + 9000));
    expect(readCache(cacheDir(env)!, sources, cacheKey(sources))).toBeUndefined();
  });

  it('keeps no cache without a cache directory, and ignores a corrupt one', () => {
    expect(cacheDir({})).toBeUndefined();
    writeFileSync(join(dir, 'sigs', 'a.yaml'), signature('lock-held', 'lock held by run'));
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    openLibrary(dir, ['sigs'], env);
    const sources = librarySources(dir, ['sigs']);
    expect(readCache(cacheDir(env)!, sources, cacheKey(sources))).toBeDefined();
    const files = readdirSync(join(dir, 'cache', 'triage'));
    // A corrupt model only loses the model.
    writeFileSync(join(dir, 'cache', 'triage', files.find((f) => f.startsWith('fallback-'))!), '{not json');
    expect(readCache(cacheDir(env)!, sources, cacheKey(sources))!.fallback()).toBeUndefined();
    // Cut or foreign tables only lose the tables: the matcher builds its own.
    const tables = join(dir, 'cache', 'triage', files.find((f) => f.startsWith('prefilter-'))!);
    const whole = readFileSync(tables);
    writeFileSync(tables, whole.subarray(0, whole.length - 100));
    expect(readCache(cacheDir(env)!, sources, cacheKey(sources))!.tables).toBeUndefined();
    writeFileSync(tables, Buffer.concat([Buffer.from('0'.repeat(64)), whole.subarray(64)]));
    expect(readCache(cacheDir(env)!, sources, cacheKey(sources))!.tables).toBeUndefined();
    // The next process to open the library builds the tables and keeps them, not again on every run after.
    const env2 = { XDG_CACHE_HOME: join(dir, 'cache2') };
    cpSync(join(dir, 'cache'), join(dir, 'cache2'), { recursive: true });
    openLibrary(dir, ['sigs'], env2);
    expect(readCache(cacheDir(env2)!, sources, cacheKey(sources))!.tables?.pfs.length).toBeGreaterThan(0);
    writeFileSync(join(dir, 'cache', 'triage', files.find((f) => f.startsWith('signatures-'))!), '{not json');
    expect(readCache(cacheDir(env)!, sources, cacheKey(sources))).toBeUndefined();
  });

  it('writes the prefilter tables again when a cached library has none that fit (a new build made them stale)', () => {
    writeFileSync(join(dir, 'sigs', 'a.yaml'), signature('lock-held', 'lock held by run'));
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    openLibrary(dir, ['sigs'], env);
    const sources = librarySources(dir, ['sigs']);
    const tables = join(dir, 'cache', 'triage', readdirSync(join(dir, 'cache', 'triage')).find((f) => f.startsWith('prefilter-'))!);
    writeFileSync(tables, Buffer.concat([Buffer.from('0'.repeat(64)), readFileSync(tables).subarray(64)]));
    expect(readCache(cacheDir(env)!, sources, cacheKey(sources))!.tables).toBeUndefined();
    // The same cache under another name: a process of its own would open it so.
    symlinkSync(join(dir, 'cache'), join(dir, 'cache-again'));
    openLibrary(dir, ['sigs'], { XDG_CACHE_HOME: join(dir, 'cache-again') });
    expect(readCache(cacheDir(env)!, sources, cacheKey(sources))!.tables?.pfs.length).toBeGreaterThan(0);
  });
});
