// The kinds' zod schemas compiled into plain functions, for the items of a large bundle:
// zod allocates a payload and an issue list for every field of every item, which is most
// of a 5,000-pod walk's time. A compiled schema gives what zod gives on success (the same
// values, the same keys in the same order, defaults filled in, unknown keys kept) and says
// only FAIL otherwise: the caller then asks zod itself, whose error names the field. Only
// the schema types the kinds use are compiled (objects loose, strip or strict, strings,
// numbers, booleans, arrays, records, unions, optional, nullable, default, lazy, unknown);
// a schema holding anything else, or a check (`.min(1)`), is not compiled and zod parses it.
// test/kube/fast-parse.test.ts compares the two over every fixture bundle and mutations of it.
import type { z } from 'zod';

export const FAIL: unique symbol = Symbol('fast-parse failure');
export type Parse = (value: unknown) => unknown;

/** The parts of a zod schema's internals read here (zod/v4/core's `_zod`). */
interface Internals {
  def: {
    type: string;
    checks?: unknown[];
    coerce?: boolean;
    shape?: Record<string, z.ZodType>;
    catchall?: z.ZodType;
    element?: z.ZodType;
    keyType?: z.ZodType;
    valueType?: z.ZodType;
    innerType?: z.ZodType;
    options?: z.ZodType[];
    mode?: string;
    readonly defaultValue?: unknown;
  };
  optin?: 'optional' | 'defaulted';
  optout?: 'optional';
  innerType?: z.ZodType;
  values?: Set<unknown>;
}

const internals = (schema: z.ZodType) => (schema as unknown as { _zod: Internals })._zod;

class Unsupported extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** zod's isPlainObject, for what JSON.parse makes (and anything else it takes). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

interface Field {
  key: string;
  parse: Parse;
  optin?: string;
  optout?: string;
}

function objectParser(zod: Internals, compile: (s: z.ZodType) => Parse): Parse {
  const shape = zod.def.shape ?? {};
  if (Object.getOwnPropertySymbols(shape).length) throw new Unsupported('symbol keys');
  const fields: Field[] = Object.keys(shape)
    .filter((key) => key !== '__proto__')
    .map((key) => {
      const inner = internals(shape[key]!);
      return { key, parse: compile(shape[key]!), optin: inner.optin, optout: inner.optout };
    });
  const known = new Set(Object.keys(shape));
  const catchall = zod.def.catchall ? internals(zod.def.catchall).def.type : 'strip';
  if (catchall !== 'strip' && catchall !== 'unknown' && catchall !== 'never') throw new Unsupported(`catchall ${catchall}`);
  const parse = generated(fields, known, catchall);
  // Where code cannot be made from strings (--disallow-code-generation-from-strings), zod parses.
  if (!parse) throw new Unsupported('code generation');
  return parse;
}

/**
 * One field read into `v<i>`, and whether the result has it (`a<i>`), as zod's object parse
 * decides it; then whether the input still is the answer (`same`): it has the key as its own
 * exactly when the result does, with the very value the result holds.
 */
function fieldCode(f: Field, i: number): string {
  const k = JSON.stringify(f.key);
  const read = `const v${i} = p${i}(input[${k}]); let a${i} = false;`;
  let decide: string;
  // An absent optional key: its failure is ignored, and it adds nothing.
  if (f.optin !== undefined && f.optout === 'optional')
    decide = `if (v${i} === FAIL) { if (${k} in input) return FAIL; } else if (${f.optin === 'optional' ? '' : `v${i} !== undefined || `}${k} in input) a${i} = true;`;
  else if (f.optin === undefined) decide = `if (v${i} === FAIL || !(${k} in input)) return FAIL; a${i} = true;`;
  else decide = `if (v${i} === FAIL) return FAIL; ${f.optin === 'defaulted' ? '' : `if (v${i} !== undefined || ${k} in input) `}a${i} = true;`;
  // `in` is `hasOwn` on an object whose prototype is Object.prototype, but for a name that prototype has.
  const own = f.key in Object.prototype ? `hasOwn(input, ${k})` : `${k} in input`;
  const same = `if (same && (a${i} ? v${i} !== input[${k}] || !(${own}) : ${own})) same = false;`;
  return `${read} ${decide} ${same}`;
}

/**
 * The object's parse as code of its own, each field read by name (as zod's JIT does): one
 * property access per field that V8 caches, where a loop over the fields reads every item's
 * fields through one site. Undefined where code cannot be made from strings.
 *
 * When the answer would be the input over again (every field the very value it holds, no
 * default added, nothing stripped, the keys already in the answer's order: the schema's
 * first, in its order, then the rest), the input itself is the answer: deep-equal to the
 * copy, with the same key order, and nothing allocated. A large bundle's items are mostly
 * made of such parts (labels, conditions, states, resources).
 */
function generated(fields: Field[], known: Set<string>, catchall: string): Parse | undefined {
  const rest =
    catchall === 'strip'
      ? ''
      : `for (const key in input) { if (known.has(key)) continue; ${catchall === 'never' ? 'return FAIL;' : 'out[key] = input[key];'} }`;
  // The input's keys in the answer's order: known ones by rising position, unknown ones (kept only when loose) after them.
  const order = `if (same) {
      let at = -1;
      let tail = false;
      for (const key in input) {
        const i = position.get(key);
        if (i === undefined) { ${catchall === 'unknown' ? 'tail = true;' : 'same = false; break;'} }
        else if (tail || i < at) { same = false; break; }
        else at = i;
      }
    }`;
  const body = `return function parse(input) {
    if (typeof input !== 'object' || input === null || Array.isArray(input) || hasOwn(input, '__proto__')) return FAIL;
    let same = Object.getPrototypeOf(input) === objectPrototype;
    ${fields.map(fieldCode).join('\n    ')}
    ${order}
    if (same) return input;
    const out = {};
    ${fields.map((f, i) => `if (a${i}) out[${JSON.stringify(f.key)}] = v${i};`).join('\n    ')}
    ${rest}
    return out;
  };`;
  const position = new Map(fields.map((f, i) => [f.key, i]));
  try {
    const make = new Function('FAIL', 'hasOwn', 'known', 'position', 'objectPrototype', ...fields.map((_, i) => `p${i}`), body) as (
      ...args: unknown[]
    ) => Parse;
    return make(FAIL, Object.hasOwn, known, position, Object.prototype, ...fields.map((f) => f.parse));
  } catch {
    return undefined;
  }
}

function recordParser(zod: Internals, compile: (s: z.ZodType) => Parse): Parse {
  const keyType = internals(zod.def.keyType!);
  if (keyType.def.type !== 'string' || keyType.def.checks?.length || keyType.values) throw new Unsupported('record key');
  const value = compile(zod.def.valueType!);
  return (input) => {
    if (!isPlainObject(input) || Object.hasOwn(input, '__proto__')) return FAIL;
    // Made only once a value differs from the input's: until then the input is the answer.
    let out: Record<string, unknown> | undefined;
    const keys = Object.keys(input);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const v = value(input[key]);
      if (v === FAIL) return FAIL;
      if (out) out[key] = v;
      else if (v !== input[key]) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j]!] = input[keys[j]!];
        out[key] = v;
      }
    }
    return out ?? input;
  };
}

function arrayParser(element: Parse): Parse {
  return (input) => {
    if (!Array.isArray(input)) return FAIL;
    // Made only once an element differs from the input's: until then the input is the answer.
    let out: unknown[] | undefined;
    for (let i = 0; i < input.length; i++) {
      const v = element(input[i]);
      if (v === FAIL) return FAIL;
      if (out) out[i] = v;
      else if (v !== input[i]) {
        out = input.slice(0, i);
        out[i] = v;
      }
    }
    return out ?? input;
  };
}

function unionParser(options: Parse[]): Parse {
  return (input) => {
    for (const option of options) {
      const v = option(input);
      if (v !== FAIL) return v;
    }
    return FAIL;
  };
}

const isString: Parse = (v) => (typeof v === 'string' ? v : FAIL);
const isNumber: Parse = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : FAIL);
const isBoolean: Parse = (v) => (typeof v === 'boolean' ? v : FAIL);
const anything: Parse = (v) => v;

/** One schema node; `compile` the memoized recursion (a lazy schema may be reached twice). */
function compileNode(schema: z.ZodType, compile: (s: z.ZodType) => Parse): Parse {
  const zod = internals(schema);
  const def = zod.def;
  if (def.checks?.length || def.coerce) throw new Unsupported('checks');
  switch (def.type) {
    case 'string':
      return isString;
    case 'number':
      return isNumber;
    case 'boolean':
      return isBoolean;
    case 'unknown':
      return anything;
    case 'object':
      return objectParser(zod, compile);
    case 'record':
      if (def.mode !== undefined && def.mode !== 'strict') throw new Unsupported(`record ${def.mode}`);
      return recordParser(zod, compile);
    case 'array':
      return arrayParser(compile(def.element!));
    case 'union':
      return unionParser(def.options!.map(compile));
    case 'lazy':
      return compile(zod.innerType!);
    case 'nullable': {
      const inner = compile(def.innerType!);
      return (v) => (v === null ? null : inner(v));
    }
    case 'optional': {
      if (internals(def.innerType!).optin === 'defaulted') throw new Unsupported('optional default');
      const inner = compile(def.innerType!);
      return (v) => (v === undefined ? undefined : inner(v));
    }
    case 'default': {
      const inner = compile(def.innerType!);
      return (v) => {
        if (v === undefined) return def.defaultValue;
        const out = inner(v);
        return out === undefined ? def.defaultValue : out;
      };
    }
    default:
      throw new Unsupported(def.type);
  }
}

const compiled = new WeakMap<z.ZodType, Parse | null>();

/** The schema as a plain function, or undefined when it holds something not compiled here. */
export function fastParser(schema: z.ZodType): Parse | undefined {
  const known = compiled.get(schema);
  if (known !== undefined) return known ?? undefined;
  const nodes = new Map<z.ZodType, Parse>();
  const compile = (s: z.ZodType): Parse => {
    let parse = nodes.get(s);
    if (!parse) {
      // A schema reached again while compiling (a recursive lazy) calls through to its parser once made.
      const made: { parse?: Parse } = {};
      nodes.set(s, (v) => made.parse!(v));
      parse = made.parse = compileNode(s, compile);
      nodes.set(s, parse);
    }
    return parse;
  };
  let parse: Parse | null;
  try {
    parse = compile(schema);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    parse = null;
  }
  compiled.set(schema, parse);
  return parse ?? undefined;
}
