import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors';
import { parseYaml } from '../yaml-input';
import { re2Refusal } from '../pattern/re2';
import { patternSource, signatureSchema, type PatternSpec, type Signature, type SignatureSpec } from './schema';

export interface LoadedLibrary {
  signatures: Signature[];
  /** Files that did not load, each naming file, line and field; the others still loaded. */
  problems: InputError[];
  /** Every signature file read, in load order. */
  files: string[];
}

/**
 * The built-in library: the `signatures/` directory shipped next to `package.json`.
 * Read at run time (not embedded) so the bundle, the tests and the data stay one copy;
 * found by walking up from this module, which works from `src/` and from `dist/`.
 */
export function builtinDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'signatures'))) return join(dir, 'signatures');
    const up = dirname(dir);
    if (up === dir) throw new Error('the built-in signatures/ directory was not found next to package.json');
    dir = up;
  }
}

/** Built-in first, then `.triage/signatures` under cwd when present, then each `--signatures DIR`. */
export function librarySources(cwd: string, extraDirs: readonly string[], withBuiltin = true): string[] {
  const dirs = withBuiltin ? [builtinDir()] : [];
  const local = resolve(cwd, '.triage', 'signatures');
  if (existsSync(local)) dirs.push(local);
  for (const d of extraDirs) dirs.push(resolve(cwd, d));
  return dirs;
}

const byLocale = (a: string, b: string) => a.localeCompare(b);

/**
 * The signature files under `path`, in `order` of their names within each folder: the
 * locale's (the load order) unless a caller needs only some fixed order. The cache key
 * does: a first localeCompare sets up ICU's collator, a good part of a short scan.
 */
export function yamlFiles(path: string, order: (a: string, b: string) => number = byLocale): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => order(a.name, b.name))) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(full, order));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** A file holds one signature (a mapping) or a small family (a list). */
function isList(text: string): boolean {
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t === '---') continue;
    return t.startsWith('-') || t.startsWith('[');
  }
  return false;
}

/**
 * Loads every signature file under `sources` (directories or files); a bad file is reported,
 * not fatal. With `own`, every file outside the built-in library is also held to a real RE2:
 * a user's pattern must be in the syntax common to RE2 and JavaScript. (The built-in library
 * is held to it by `signatures lint` and the tests, not at every start.)
 */
export function loadLibrary(sources: readonly string[], own = false): LoadedLibrary {
  const builtin = own ? builtinDir() : undefined;
  const seen = new Map<string, string>();
  const signatures: Signature[] = [];
  const problems: InputError[] = [];
  const files: string[] = [];

  const duplicate = (spec: SignatureSpec, ctx: z.RefinementCtx, path: PropertyKey[], local: Set<string>) => {
    const where = seen.get(spec.id) ?? (local.has(spec.id) ? 'this file' : undefined);
    if (where) ctx.addIssue({ code: 'custom', path, message: `duplicate id "${spec.id}" (also defined in ${where})` });
    local.add(spec.id);
  };

  for (const source of sources) {
    if (!existsSync(source)) {
      problems.push(new InputError(source, undefined, undefined, 'signature directory not found'));
      continue;
    }
    for (const file of yamlFiles(source)) {
      files.push(file);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        problems.push(new InputError(file, undefined, undefined, `cannot read: ${(error as Error).message}`));
        continue;
      }
      const local = new Set<string>();
      const schema = isList(text)
        ? z.array(signatureSchema).min(1).superRefine((list, ctx) => list.forEach((s, i) => duplicate(s, ctx, [i, 'id'], local)))
        : signatureSchema.superRefine((s, ctx) => duplicate(s, ctx, ['id'], local));
      try {
        const parsed = parseYaml(text, file, schema);
        if (builtin !== undefined && source !== builtin) refuseWhatRe2Refuses(file, parsed);
        (Array.isArray(parsed) ? parsed : [parsed]).forEach((spec, i) => {
          seen.set(spec.id, file);
          signatures.push({ ...spec, file, ...(Array.isArray(parsed) ? { index: i } : {}) });
        });
      } catch (error) {
        if (error instanceof InputError) problems.push(error);
        else throw error;
      }
    }
  }
  return { signatures, problems, files };
}

/** Throws the first pattern of a file that RE2 refuses, naming its line and field. */
function refuseWhatRe2Refuses(file: string, parsed: SignatureSpec | SignatureSpec[]): void {
  const list = Array.isArray(parsed) ? parsed : [parsed];
  list.forEach((spec, index) => {
    const mode = spec.match.any ? 'any' : 'all';
    const lists: ['any' | 'all' | 'unless', PatternSpec[]][] = [[mode, spec.match.any ?? spec.match.all!], ['unless', spec.match.unless ?? []]];
    for (const [field0, patterns] of lists) {
      patterns.forEach((p, i) => {
        const why = re2Refusal(patternSource(p));
        if (why === undefined) return;
        const path = ['match', field0, i, p.regex === undefined ? 'literal' : 'regex'] as const;
        const sig: Signature = { ...spec, file, ...(Array.isArray(parsed) ? { index } : {}) };
        const field = `${Array.isArray(parsed) ? `[${index}].` : ''}match.${field0}[${i}].${path[3]}`;
        throw new InputError(file, signatureLine(sig, path), field, why);
      });
    }
  });
}

/** The line of a field of a loaded signature (e.g. ['match', 'any', 0]), for messages; falls back to the nearest parent. */
export function signatureLine(sig: Signature, path: readonly (string | number)[]): number | undefined {
  let text: string;
  try {
    text = readFileSync(sig.file, 'utf8');
  } catch {
    return undefined;
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const full = sig.index === undefined ? [...path] : [sig.index, ...path];
  for (let depth = full.length; depth >= 0; depth--) {
    const node = doc.getIn(full.slice(0, depth), true) as Node | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
