// Label and field selectors as the API server reads them from `?labelSelector=` and
// `?fieldSelector=`. A selector that does not parse is a 400, as on a real server.
import type { KubeObject } from '../../model/cluster';

export class SelectorError extends Error {}

export type Matcher = (object: KubeObject) => boolean;

/** Split on commas outside parentheses (`env in (a,b),tier`). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const KEY = /^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?$/;

function checkKey(key: string, selector: string): string {
  if (!KEY.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}" in "${selector}"`);
  return key;
}

function checkValue(value: string, selector: string): string {
  if (!VALUE.test(value)) throw new SelectorError(`unable to parse requirement: invalid label value "${value}" in "${selector}"`);
  return value;
}

/** `app=api,tier!=db,env in (prod,staging),!legacy,canary`. */
export function labelMatcher(selector: string | undefined): Matcher {
  if (!selector || selector.trim() === '') return () => true;
  const requirements = splitTopLevel(selector).map((req): ((labels: Record<string, string>) => boolean) => {
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(req);
    if (set) {
      const key = checkKey(set[1]!, selector);
      const values = set[3]!.split(',').map((v) => checkValue(v.trim(), selector));
      return set[2] === 'in' ? (l) => key in l && values.includes(l[key]!) : (l) => !(key in l) || !values.includes(l[key]!);
    }
    const pair = /^([^!=\s]+)\s*(==|!=|=)\s*(\S*)$/.exec(req);
    if (pair) {
      const key = checkKey(pair[1]!, selector);
      const value = checkValue(pair[3]!, selector);
      return pair[2] === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
    }
    if (req.startsWith('!')) {
      const key = checkKey(req.slice(1).trim(), selector);
      return (l) => !(key in l);
    }
    const key = checkKey(req, selector);
    return (l) => key in l;
  });
  return (object) => {
    const labels = object.metadata.labels ?? {};
    return requirements.every((r) => r(labels));
  };
}

/** The value of a dotted field path, as the API server compares it: a missing field is "". */
function fieldValue(object: unknown, path: string): string {
  let node: unknown = object;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return '';
    node = (node as Record<string, unknown>)[part];
  }
  if (node === undefined || node === null) return '';
  return typeof node === 'object' ? JSON.stringify(node) : String(node);
}

function unescapeField(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/**
 * `metadata.name=x,status.phase!=Running,involvedObject.name=api-1`. Any dotted path is
 * accepted (a real server allows a fixed set per resource; every one of those is a path).
 */
export function fieldMatcher(selector: string | undefined): Matcher {
  if (!selector || selector.trim() === '') return () => true;
  const parts = selector.split(/(?<!\\),/).filter((p) => p.trim() !== '');
  const requirements = parts.map((part): Matcher => {
    const m = /^\s*([A-Za-z0-9_.-]+)\s*(==|!=|=)(.*)$/.exec(part);
    if (!m) throw new SelectorError(`invalid field selector: "${part}"`);
    const [, path, op, raw] = m;
    const value = unescapeField(raw!.trim());
    return op === '!=' ? (o) => fieldValue(o, path!) !== value : (o) => fieldValue(o, path!) === value;
  });
  return (object) => requirements.every((r) => r(object));
}
