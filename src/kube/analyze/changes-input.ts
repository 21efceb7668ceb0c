// What the change analyzers read (the cluster's resources) and the window they look in,
// with the small helpers every analyzer of analyze/changes*.ts shares.
import type { ControllerRevision, Deployment, HorizontalPodAutoscaler, Job, KeyedObject, KubeEvent, LabelSelector, Node, Pod, ReplicaSet } from './resources';

export interface ChangeInput {
  replicaSets: readonly ReplicaSet[];
  controllerRevisions: readonly ControllerRevision[];
  deployments: readonly Deployment[];
  pods: readonly Pod[];
  configMaps: readonly KeyedObject[];
  secrets: readonly KeyedObject[];
  hpas: readonly HorizontalPodAutoscaler[];
  events: readonly KubeEvent[];
  nodes: readonly Node[];
  jobs: readonly Job[];
}

/** The window: from `now - lookback` to `now` (a bundle's capture time). */
export interface ChangeWindow {
  from: Date;
  to: Date;
}

export const DEFAULT_LOOKBACK_MS = 24 * 3_600_000;

/** In the window, when the instant is readable. */
export function within(time: string | null | undefined, w: ChangeWindow): time is string {
  if (!time) return false;
  const t = Date.parse(time);
  return Number.isFinite(t) && t >= w.from.getTime() && t <= w.to.getTime();
}

/** A phrase's list: the first few, then how many more (the evidence has them all). */
export function firstFew(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function selectorText(selector: LabelSelector | null | undefined): string | undefined {
  const labels = Object.entries(selector?.matchLabels ?? {}).filter(([k]) => k !== 'pod-template-hash');
  return labels.length ? labels.map(([k, v]) => `${k}=${v}`).join(',') : undefined;
}

export const created = (m: { metadata: { creationTimestamp?: string | null } }) => Date.parse(m.metadata.creationTimestamp ?? '') || 0;

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
