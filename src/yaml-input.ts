// YAML read against a zod schema, with errors that name the file, the line and the field:
// plans, signature files and kubeconfigs. Apart from the plan's loader so that reading a
// signature file does not load the plan's schema (and with it every check kind's).
import { LineCounter, isMap, isPair, isScalar, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { InputError } from './errors';

/** Where the YAML node at `path` starts, for errors; falls back to the nearest ancestor. */
function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[], unknownKey?: string): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as Node | undefined;
    if (!node || !node.range) continue;
    if (unknownKey !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === unknownKey);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return counter.linePos(keyNode.range[0]).line;
    }
    return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Larger YAML than any plan, signature file or kubeconfig a person writes is refused unread. */
const MAX_YAML_CHARS = 4 * 1024 * 1024;
/** How many nodes aliases may expand to (yaml's own bound against alias bombs). */
const MAX_ALIAS_COUNT = 100;

function firstAliasLine(doc: Document, counter: LineCounter): number | undefined {
  let line: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.range) line = counter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(top level)';
}

/**
 * How an input read once per process is parsed: without zod's fast path, which compiles a
 * function per object schema (new Function, never in V8's code cache) on its first parse:
 * a plan's first parse took 18 ms, most of the demo's time in zod. The same checks, the
 * same issues in the same order; only repeated parses (journal events, kube objects) gain.
 */
export const ONCE = { jitless: true } as const;

/**
 * Parse YAML text against a zod schema, turning the first problem into an InputError
 * that names the file, the line and the field. Shared by plans and signatures.
 */
export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S): z.infer<S> {
  if (text.length > MAX_YAML_CHARS) {
    throw new InputError(
      file,
      undefined,
      undefined,
      `${Math.round(text.length / 1024)} KB is more than a plan, signature or kubeconfig needs (the limit is ${MAX_YAML_CHARS / 1024 / 1024} MB)`,
    );
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = counter.linePos(yamlError.pos[0]).line;
    throw new InputError(file, line, undefined, yamlError.message.split('\n')[0]!);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml refuses to expand an alias bomb (a few lines that would grow into gigabytes).
    if (!(error instanceof ReferenceError)) throw error;
    throw new InputError(file, firstAliasLine(doc, counter), undefined, `aliases expand past ${MAX_ALIAS_COUNT} nodes (an alias bomb?): refused`);
  }
  const result = schema.safeParse(value ?? {}, ONCE);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const line = lineOf(doc, counter, issue.path, key);
    return failUnknown(file, line, [...issue.path, key]);
  }
  throw new InputError(file, lineOf(doc, counter, issue.path), fieldName(issue.path), issue.message);
}

function failUnknown(file: string, line: number | undefined, path: readonly PropertyKey[]): never {
  throw new InputError(file, line, fieldName(path), 'unknown key (a typo here would silently disable a check)');
}
