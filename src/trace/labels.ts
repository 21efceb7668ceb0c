import type { SourceRef } from './types';

/** Where an entry is: a file's line as `path:line` (what other evidence uses), else the source's label. */
export function entryLabel(entry: { source: SourceRef; line?: number }): string {
  return entry.source.kind === 'file' && entry.line !== undefined ? `${entry.source.path}:${entry.line}` : sourceLabel(entry.source);
}

/** One line for people: `shop/payments-worker-7c9-x2/app (previous)`, `postgres orders`. */
export function sourceLabel(ref: SourceRef): string {
  switch (ref.kind) {
    case 'pod':
      return `${ref.namespace}/${ref.pod}/${ref.container}${ref.previous ? ' (previous)' : ''}`;
    case 'event':
      return `event ${ref.namespace}${ref.object ? `/${ref.object}` : ''}`;
    case 'file':
      return ref.path;
    case 'command':
      return `cmd ${ref.argv.join(' ')}`;
    case 'table':
      return `postgres ${ref.label}`;
    case 'key':
      return `redis ${ref.key}`;
    case 'junit':
      return `junit ${ref.path} ${ref.testcase} ${ref.stream}`;
  }
}

/** A pod's workload: `checkout-7d9f8b6c5-x2x4z` → `checkout`, `db-0` → `db`. */
export function workloadOf(pod: string): string {
  return pod
    .replace(/-[a-z0-9]{6,10}-[a-z0-9]{5}$/, '')
    .replace(/-[a-z0-9]{5}$/, '')
    .replace(/-\d+$/, '');
}

function derivedService(ref: SourceRef): string {
  switch (ref.kind) {
    case 'pod':
      return workloadOf(ref.pod);
    case 'event':
      return ref.object ? workloadOf(ref.object.split('/').pop()!) : 'events';
    case 'file':
      return (ref.path.split('/').pop() ?? ref.path).replace(/(\.gz)?$/, '').replace(/\.(log|txt|out|json|ndjson)$/, '');
    case 'command':
      return ref.argv[0]!.split('/').pop()!;
    case 'table':
      return ref.label;
    case 'key':
      return 'redis';
    case 'junit':
      return 'tests';
  }
}

/**
 * The service a source belongs to: for a pod (or an event about one), the plan's service its workload is (or
 * starts with: `checkout-v2`); otherwise the longest of the plan's services its label
 * names as a whole word; else what the source says (a pod's workload, a file's name).
 */
export function serviceOf(ref: SourceRef, services: readonly string[]): string {
  const longest = (candidates: string[]) => candidates.sort((a, b) => b.length - a.length)[0];
  const object = ref.kind === 'pod' ? ref.pod : ref.kind === 'event' ? ref.object?.split('/').pop() : undefined;
  if (object) {
    const workload = workloadOf(object);
    return longest(services.filter((s) => workload === s || workload.startsWith(`${s}-`))) ?? workload;
  }
  const label = sourceLabel(ref);
  const named = services.filter((s) => new RegExp(`(?:^|[^A-Za-z0-9])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^A-Za-z0-9])`).test(label));
  return longest(named) ?? derivedService(ref);
}
