// Lists, gets and watches over a served type, in the three shapes a client may ask for:
// the objects, a `Table` (kubectl get), or metadata only (PartialObjectMetadata).
import type { KubeObject } from '../../model/cluster';
import { genericPrinter, type Printer } from './tables/table';
import { kindOf } from '../kinds/registry';
import { fieldMatcher, labelMatcher } from './selectors';
import { groupVersion, type ServedType } from './store';

export type Shape = 'object' | 'table' | 'metadata';

/** What the Accept header asks for; anything else is answered as plain JSON. */
export function shapeOf(accept: string | undefined): Shape {
  const first = (accept ?? '').split(',')[0] ?? '';
  if (/as=Table/.test(first) && /g=meta\.k8s\.io/.test(first)) return 'table';
  if (/as=PartialObjectMetadata/.test(first) && /g=meta\.k8s\.io/.test(first)) return 'metadata';
  return 'object';
}

export const RESOURCE_VERSION = '1';

function partial(object: KubeObject) {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

/** Printers by `<plural>.<group>`, each loaded by `loadPrinter` the first time a Table of its kind is asked for. */
const printers = new Map<string, Printer>();

/** Load the printer of a served type (once): a replay awaits this before it answers with a Table. */
export async function loadPrinter(type: { plural: string; group: string }): Promise<void> {
  const key = `${type.plural}.${type.group}`;
  if (printers.has(key)) return;
  printers.set(key, (await kindOf(type.plural, type.group)?.printer?.()) ?? genericPrinter);
}

function table(type: ServedType, objects: KubeObject[], now: Date, includeObject: string | null, extraMetadata: object = {}) {
  const printer = printers.get(`${type.plural}.${type.group}`) ?? genericPrinter;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: RESOURCE_VERSION, ...extraMetadata },
    columnDefinitions: printer.columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description ?? '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => ({
      cells: printer.cells(o, now),
      ...(includeObject === 'None' ? {} : { object: includeObject === 'Object' ? o : partial(o) }),
    })),
  };
}

export interface ListQuery {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
}

export class BadContinueError extends Error {}

/** The matching objects of one page, and the token for the next page when there is one. */
export function selectPage(type: ServedType, query: ListQuery): { items: KubeObject[]; continueToken?: string; remaining?: number } {
  const byLabel = labelMatcher(query.labelSelector);
  const byField = fieldMatcher(query.fieldSelector);
  const matching = type.items.filter((o) => (query.namespace === undefined || o.metadata.namespace === query.namespace) && byLabel(o) && byField(o));
  let offset = 0;
  if (query.continueToken) {
    offset = Number(Buffer.from(query.continueToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw new BadContinueError('invalid continue token');
  }
  if (!query.limit || offset + query.limit >= matching.length) return { items: matching.slice(offset) };
  const end = offset + query.limit;
  return { items: matching.slice(offset, end), continueToken: Buffer.from(String(end)).toString('base64url'), remaining: matching.length - end };
}

export function listBody(type: ServedType, shape: Shape, page: ReturnType<typeof selectPage>, now: Date, includeObject: string | null) {
  const more = page.continueToken ? { continue: page.continueToken, remainingItemCount: page.remaining } : {};
  if (shape === 'table') return table(type, page.items, now, includeObject, more);
  if (shape === 'metadata') {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: RESOURCE_VERSION, ...more },
      items: page.items.map(partial),
    };
  }
  return { kind: `${type.kind}List`, apiVersion: groupVersion(type), metadata: { resourceVersion: RESOURCE_VERSION, ...more }, items: page.items };
}

export function objectBody(type: ServedType, shape: Shape, object: KubeObject, now: Date, includeObject: string | null) {
  if (shape === 'table') return table(type, [object], now, includeObject);
  if (shape === 'metadata') return partial(object);
  return object;
}

/** The watch event of one object: the object itself, or a one-row Table for kubectl get -w. */
export function watchEvent(type: ServedType, shape: Shape, object: KubeObject, now: Date, includeObject: string | null) {
  return { type: 'ADDED', object: objectBody(type, shape, object, now, includeObject) };
}
