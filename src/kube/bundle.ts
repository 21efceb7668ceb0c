// The bundle format of DESIGN section 6: a directory anyone can also make with kubectl.
// Everything read from a bundle goes through the zod schemas here; errors name the file.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors';
import { jsonPathLine } from '../json-position';
import type { KubeList } from '../model/cluster';

export const BUNDLE_FORMAT = 'triage-bundle/v1';

const failure = z.strictObject({
  /** What could not be captured: `resources/pods.json`, `logs/shop/api-1/api.log`, `files/health/api.json`. */
  what: z.string(),
  error: z.string(),
});
export type CaptureFailure = z.infer<typeof failure>;

/** bundle.json. Unknown keys are kept, so a newer capture still replays. */
const bundleManifestSchema = z.looseObject({
  format: z.literal(BUNDLE_FORMAT),
  capturedAt: z.iso.datetime({ offset: true }),
  context: z.string(),
  serverVersion: z.looseObject({ gitVersion: z.string() }),
  /** The namespaces captured; empty with `allNamespaces`. */
  namespaces: z.array(z.string()),
  allNamespaces: z.boolean().optional(),
  /** `--since` of the capture, when logs were limited. */
  since: z.string().optional(),
  /** Logs, events, fields and HTTP answers were redacted when captured (the default). */
  redacted: z.boolean().optional(),
  failures: z.array(failure).default([]),
});
export type BundleManifest = z.infer<typeof bundleManifestSchema>;

const kubeObjectSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: z.looseObject({
    name: z.string().min(1),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    creationTimestamp: z.string().optional(),
  }),
});

/** A List as `kubectl get <resource> -A -o json` prints it. */
export const kubeListSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  items: z.array(kubeObjectSchema),
  metadata: z.looseObject({ resourceVersion: z.string().optional() }).optional(),
});

/** One `resources/<plural>[.<group>].json` file. */
export interface ResourceFile {
  file: string;
  plural: string;
  /** '' for the core group. */
  group: string;
}

export interface Bundle {
  dir: string;
  manifest: BundleManifest;
  resources: ResourceFile[];
}

/** `pods.json`, `deployments.apps.json`, `widgets.example.com.json`. */
export function resourceFileName(plural: string, group: string): string {
  return group ? `${plural}.${group}.json` : `${plural}.json`;
}

/** `join(dir, 'logs')` of the last dir asked about: a trace names the log file of each of thousands of containers. */
let logsOf = { dir: '', logs: '' };
/** A name join() keeps as it is, between separators: not empty, no separator, not `.` or `..`. */
const plainSegment = (name: string) => name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes(sep);

export function logFile(dir: string, namespace: string, pod: string, container: string, previous = false): string {
  const name = `${container}${previous ? '.previous' : ''}.log`;
  if (logsOf.dir !== dir || logsOf.logs === '') logsOf = { dir, logs: join(dir, 'logs') };
  // What join() makes of plain names under an already joined folder; anything else it normalizes itself.
  if (plainSegment(namespace) && plainSegment(pod) && plainSegment(name)) return `${logsOf.logs}${sep}${namespace}${sep}${pod}${sep}${name}`;
  return join(logsOf.logs, namespace, pod, name);
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(top level)';
}

/** Where JSON.parse gave up: from its message when it says, else from a YAML parse (JSON is YAML). */
function jsonErrorLine(text: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position) return text.slice(0, Number(position)).split('\n').length;
  const counter = new LineCounter();
  const error = parseDocument(text, { lineCounter: counter }).errors[0];
  return error ? counter.linePos(error.pos[0]).line : undefined;
}

/** Parse JSON text against a schema; a syntax error gives its line, a schema error its field. */
function parseJson<S extends z.ZodType>(text: string, file: string, schema: S): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(file, jsonErrorLine(text, (error as Error).message), undefined, `malformed JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InputError(file, jsonPathLine(text, issue.path), fieldName(issue.path), issue.message);
}

function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(file, undefined, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseJson(text, file, schema);
}

/** Read bundle.json and the list of resource files; the Lists themselves load on demand. */
export function openBundle(dirArg: string): Bundle {
  const dir = resolve(dirArg);
  const manifestFile = join(dir, 'bundle.json');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(dirArg, undefined, undefined, 'bundle directory not found');
  if (!existsSync(manifestFile)) throw new InputError(manifestFile, undefined, undefined, `not a bundle: bundle.json is missing (format ${BUNDLE_FORMAT})`);
  const manifest = readJsonFile(manifestFile, bundleManifestSchema);
  const resourcesDir = join(dir, 'resources');
  const names = existsSync(resourcesDir)
    ? readdirSync(resourcesDir)
        .filter((n) => n.endsWith('.json'))
        .sort()
    : [];
  const resources = names.map((name): ResourceFile => {
    const base = name.slice(0, -'.json'.length);
    const dot = base.indexOf('.');
    return { file: join(resourcesDir, name), plural: dot < 0 ? base : base.slice(0, dot), group: dot < 0 ? '' : base.slice(dot + 1) };
  });
  return { dir, manifest, resources };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
const stringsOnly = (v: unknown) => v === undefined || (isRecord(v) && Object.values(v).every((x) => typeof x === 'string'));
const LIST_KEYS = ['apiVersion', 'kind', 'items', 'metadata'];
const ITEM_KEYS = ['apiVersion', 'kind', 'metadata'];
const METADATA_KEYS = ['name', 'namespace', 'uid', 'labels', 'annotations', 'creationTimestamp'];

/** The object with `first` keys leading, as a zod object's output orders them (shape, then the rest). */
function ordered(value: Record<string, unknown>, first: readonly string[], map?: (key: string, v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of first) if (key in value) out[key] = map ? map(key, value[key]) : value[key];
  for (const key of Object.keys(value)) if (!first.includes(key)) out[key] = value[key];
  return out;
}

/** Whether the value's keys already come in `ordered`'s order: the `first` present ones leading, in that order. */
function inOrder(value: Record<string, unknown>, first: readonly string[]): boolean {
  let next = 0;
  let leading = true;
  for (const key in value) {
    const at = first.indexOf(key);
    if (at < 0) leading = false;
    else if (!leading || at < next) return false;
    else next = at + 1;
  }
  return true;
}

/**
 * kubeListSchema's answer without running zod over every item (most of the time of reading
 * a large bundle): the same checks written out, the same key order in the result. Anything it
 * does not accept goes through the schema, which names the field.
 */
function fastList(value: unknown): KubeList | undefined {
  if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || !Array.isArray(value.items)) return undefined;
  if (value.metadata !== undefined && !(isRecord(value.metadata) && optionalString(value.metadata.resourceVersion))) return undefined;
  const items: unknown[] = [];
  for (const item of value.items as unknown[]) {
    if (!isRecord(item) || !optionalString(item.apiVersion) || !optionalString(item.kind) || Object.hasOwn(item, '__proto__')) return undefined;
    const m = item.metadata;
    if (!isRecord(m) || typeof m.name !== 'string' || m.name.length === 0 || Object.hasOwn(m, '__proto__')) return undefined;
    if (!optionalString(m.namespace) || !optionalString(m.uid) || !optionalString(m.creationTimestamp) || !stringsOnly(m.labels) || !stringsOnly(m.annotations))
      return undefined;
    // Objects JSON.parse just made for this call: in order already, they are kept (or given an ordered metadata) rather than copied.
    const metadata = inOrder(m, METADATA_KEYS) ? m : ordered(m, METADATA_KEYS);
    if (inOrder(item, ITEM_KEYS)) {
      item.metadata = metadata;
      items.push(item);
    } else items.push(ordered(item, ITEM_KEYS, (key, v) => (key === 'metadata' ? metadata : v)));
  }
  return ordered(value, LIST_KEYS, (key, v) =>
    key === 'items' ? items : key === 'metadata' ? ordered(v as Record<string, unknown>, ['resourceVersion']) : v,
  ) as unknown as KubeList;
}

/** One resource file, validated. */
export function readList(file: string): KubeList {
  let text: string;
  try {
    // Read as bytes, then decoded: Node 20's readFileSync(file, 'utf8') decodes a large file 1.3–2× slower.
    text = readFileSync(file).toString('utf8');
  } catch {
    return readJsonFile(file, kubeListSchema) as KubeList;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseJson(text, file, kubeListSchema) as KubeList;
  }
  return fastList(value) ?? (parseJson(text, file, kubeListSchema) as KubeList);
}

const listsRead = new WeakMap<Bundle, Map<string, KubeList>>();

/** A resource file of the bundle, read and validated once however often it is asked for. */
export function bundleList(bundle: Bundle, resource: ResourceFile): KubeList {
  let lists = listsRead.get(bundle);
  if (!lists) listsRead.set(bundle, (lists = new Map()));
  let list = lists.get(resource.file);
  if (!list) lists.set(resource.file, (list = readList(resource.file)));
  return list;
}

/**
 * Every resource file, validated now: a malformed file (bad JSON, not a List, an item
 * without a name, a `null` item, unreadable) is an InputError naming the file and the item,
 * before any check runs, instead of every check failing as if the cluster were unreachable.
 */
export function validateBundle(bundle: Bundle): void {
  for (const resource of bundle.resources) bundleList(bundle, resource);
}
