import { TRACE_SOURCE_KINDS } from './sources';
import type { SourceRefKind } from './sources/kind';
import type { SourceRef } from './types';
import { workloadOf } from './workload';

/** Every kind of reference, by its `kind`: each source declares the ones it makes. */
const REF_KINDS: ReadonlyMap<string, SourceRefKind> = new Map(TRACE_SOURCE_KINDS.flatMap((k) => k.refs).map((r) => [r.kind, r]));

/** A reference no registered source declares (a newer version's JSON): it reads as its kind. */
const UNKNOWN_REF: SourceRefKind = { kind: '', label: (ref) => ref.kind, service: (ref) => ref.kind };

const refKind = (ref: SourceRef): SourceRefKind => REF_KINDS.get(ref.kind) ?? UNKNOWN_REF;

/** Where an entry is: a file's line as `path:line` (what other evidence uses), else the source's label. */
export function entryLabel(entry: { source: SourceRef; line?: number }): string {
  const kind = refKind(entry.source);
  return kind.lineLabel && entry.line !== undefined ? kind.lineLabel(entry.source, entry.line) : kind.label(entry.source);
}

/** One line for people: `shop/payments-worker-7c9-x2/app (previous)`, `postgres orders`. */
export function sourceLabel(ref: SourceRef): string {
  return refKind(ref).label(ref);
}

/** The pod a source is about (a pod's log, an event about it), when there is one. */
export function podOf(ref: SourceRef): string | undefined {
  return refKind(ref).pod?.(ref);
}

/** The namespace of a source inside a cluster (a pod's log, an event), when it has one. */
export function namespaceOf(ref: SourceRef): string | undefined {
  return refKind(ref).namespace?.(ref);
}

/**
 * The service a source belongs to: for a pod (or an event about one), the plan's service its workload is (or
 * starts with: `checkout-v2`); otherwise the longest of the plan's services its label
 * names as a whole word; else what the source says (a pod's workload, a file's name).
 */
export function serviceOf(ref: SourceRef, services: readonly string[]): string {
  const longest = (candidates: string[]) => candidates.sort((a, b) => b.length - a.length)[0];
  const object = podOf(ref);
  if (object) {
    const workload = workloadOf(object);
    return longest(services.filter((s) => workload === s || workload.startsWith(`${s}-`))) ?? workload;
  }
  const label = sourceLabel(ref);
  const named = services.filter((s) => new RegExp(`(?:^|[^A-Za-z0-9])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^A-Za-z0-9])`).test(label));
  return longest(named) ?? refKind(ref).service(ref);
}
