import type { TailRequest } from '../../src/logs/tail-handle';
import { workloadRef, type Workload } from '../../src/kube/workloads';
import type { LogFile } from '../../src/logs/plan-files';

// What the picker lists, as pure functions: the cluster's workloads, then the plan's local
// log files, one row each, narrowed by what the person types.

export type PickerItem = { kind: 'workload'; key: string; workload: Workload } | { kind: 'file'; key: string; file: LogFile };

/** Typed text that reads as a label selector rather than part of a name. */
export function isSelector(query: string): boolean {
  return /[=!]|\s(not)?in\s*\(/.test(query);
}

export function pickerItems(workloads: readonly Workload[], files: readonly LogFile[]): PickerItem[] {
  return [
    ...workloads.map((w): PickerItem => ({ kind: 'workload', key: `${w.namespace}/${w.kind}/${w.name}`, workload: w })),
    ...files.map((f): PickerItem => ({ kind: 'file', key: `file:${f.path}`, file: f })),
  ];
}

/** The items whose name has the query in it; for a label selector, the workloads (it follows in one's namespace). */
export function matchingItems(items: readonly PickerItem[], query: string): readonly PickerItem[] {
  if (isSelector(query)) return items.filter((i) => i.kind === 'workload');
  const needle = query.trim().toLowerCase();
  if (!needle) return items;
  return items.filter((i) => (i.kind === 'workload' ? `${i.workload.namespace} ${workloadRef(i.workload)}` : i.file.path).toLowerCase().includes(needle));
}

/** Where the selected item is in `shown`; the first row when it is not there. */
export function indexOf(shown: readonly PickerItem[], selected: string | undefined): number {
  return Math.max(
    0,
    shown.findIndex((i) => i.key === selected),
  );
}

/** What following an item asks the engine for; a file has no previous instances to ask for. */
export function requestFor(item: PickerItem, previous: boolean): TailRequest {
  return item.kind === 'file' ? { kind: 'file', path: item.file.path } : { namespace: item.workload.namespace, workload: workloadRef(item.workload), previous };
}
