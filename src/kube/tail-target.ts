// Which pods a tail target names: a label selector as given, or a workload's pod selector,
// for any kind the registry gives workload relations (kinds/registry.ts).
import type { ClusterSource } from '../model/cluster';
import { parseItems } from './analyze/resources';
import { followableText, kindNamed } from './kinds/registry';
import { selectorText } from './analyze/labels';
import type { TailTarget } from './tail-types';

/** The label selector that finds a target's pods. */
export async function targetSelector(cluster: ClusterSource, target: TailTarget): Promise<string | undefined> {
  if (!target.workload) return target.selector;
  const kind = target.workload.kind.toLowerCase();
  const w = kindNamed(kind);
  if (!w?.workload || !w.schema) throw new Error(`cannot follow a ${target.workload.kind}: give a ${followableText()}, or a label selector`);
  const items = parseItems(await cluster.list(w.plural, w.group, target.namespace), w.schema, w.plural);
  const found = items.find((i) => i.metadata.name === target.workload!.name);
  if (!found) throw new Error(`${kind} ${target.namespace}/${target.workload.name} not found`);
  const selector = w.workload.podSelector(found);
  const text = selector ? selectorText(selector) : '';
  // An empty selector would follow every pod of the namespace: never what was asked.
  if (!text) throw new Error(`${kind} ${target.namespace}/${target.workload.name} has no selector`);
  return text;
}
