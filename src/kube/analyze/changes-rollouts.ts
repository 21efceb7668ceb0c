// Rollouts: new ReplicaSets and ControllerRevisions against the revision before them, and
// Deployment states (generation not yet observed, paused, Progressing transitions).
import type { Change } from '../../checks/change-timeline';
import type { AnalyzeOptions } from '../checks/kit';
import { eventCount, eventTime } from './events';
import { controllerOf } from './owners';
import type { ControllerRevision, KubeEvent, PodTemplate, ReplicaSet } from './resources';
import { lastWrite } from './resources';
import { templateChanges, templateImages } from './template-diff';
import { created, firstFew, lowerFirst, selectorText, within, type ChangeInput, type ChangeWindow } from './changes-input';

const revisionOf = (rs: ReplicaSet) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? Number.NaN);

interface Revision {
  name: string;
  /** `deployment.kubernetes.io/revision` or a ControllerRevision's `revision`, when known. */
  number?: number;
  created?: string;
  template: PodTemplate | null | undefined;
}

/** The phrase of a new revision against the one before it. */
function revisionPhrase(rev: Revision, previous: Revision | undefined, label: string): { phrase: string; details: string[]; configOnly: boolean } {
  const number = rev.number !== undefined ? ` (revision ${rev.number})` : '';
  if (!previous) {
    const images = templateImages(rev.template);
    return { phrase: `first revision ${label}${number}${images.length ? `: ${firstFew(images)}` : ''}`, details: [], configOnly: false };
  }
  const changes = templateChanges(previous.template, rev.template);
  const diffs = changes.map((d) => d.text);
  // Only env, command or args changed: the same build, configured differently.
  const configOnly = changes.length > 0 && changes.every((d) => d.rank === 1 || d.rank === 2);
  const against = `against ${previous.name}${previous.number !== undefined ? ` (revision ${previous.number})` : ''}${previous.created ? `, created ${previous.created}` : ''}`;
  return {
    phrase: `rolled out ${label}${number}: ${diffs.length ? firstFew(diffs) : 'same pod template as the revision before'}`,
    details: diffs.length > 3 ? [`${diffs.length} differences ${against}: ${diffs.join('; ')}`] : [`compared ${against}`],
    configOnly,
  };
}

export function deploymentRollouts(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
  const deployments = new Map(input.deployments.map((d) => [`${d.metadata.namespace ?? ''}/${d.metadata.name}`, d]));
  const byOwner = new Map<string, ReplicaSet[]>();
  for (const rs of input.replicaSets) {
    const owner = controllerOf(rs.metadata);
    if (owner?.kind !== 'Deployment') continue;
    const key = `${rs.metadata.namespace ?? ''}/${owner.name}`;
    if (!byOwner.has(key)) byOwner.set(key, []);
    byOwner.get(key)!.push(rs);
  }
  const scaling = input.events.filter((e) => e.reason === 'ScalingReplicaSet' && e.involvedObject.kind === 'Deployment');
  // Each Deployment's scale events with their times, read once: a big cluster has thousands.
  const scalingOf = new Map<string, { event: KubeEvent; at: number }[]>();
  for (const e of scaling) {
    const key = `${e.involvedObject.namespace ?? e.metadata.namespace ?? ''}/${e.involvedObject.name ?? ''}`;
    if (!scalingOf.has(key)) scalingOf.set(key, []);
    scalingOf.get(key)!.push({ event: e, at: Date.parse(eventTime(e)) });
  }
  const changes: Change[] = [];
  const attributed = new Set<KubeEvent>();
  for (const [key, sets] of byOwner) {
    const [namespace, name] = key.split('/') as [string, string];
    const ordered = [...sets].sort((a, b) => (revisionOf(a) || 0) - (revisionOf(b) || 0) || created(a) - created(b));
    const fresh = ordered.filter((rs) => within(rs.metadata.creationTimestamp, w));
    const deployment = deployments.get(key);
    const selector = selectorText(deployment?.spec.selector) ?? selectorText(ordered.at(-1)?.spec.selector);
    for (const rs of fresh) {
      const index = ordered.indexOf(rs);
      const toRevision = (r: ReplicaSet): Revision => ({
        name: r.metadata.name,
        ...(Number.isFinite(revisionOf(r)) ? { number: revisionOf(r) } : {}),
        ...(r.metadata.creationTimestamp ? { created: r.metadata.creationTimestamp } : {}),
        template: r.spec.template,
      });
      const rev = toRevision(rs);
      const previous = index > 0 ? toRevision(ordered[index - 1]!) : undefined;
      const { phrase, details, configOnly } = revisionPhrase(rev, previous, rs.metadata.name);
      // The rollout's steps: scale events from this ReplicaSet's creation to the next one's.
      const next = fresh[fresh.indexOf(rs) + 1];
      const until = next ? created(next) : w.to.getTime();
      const steps = (scalingOf.get(key) ?? []).filter((s) => s.at >= created(rs) && s.at < until).map((s) => s.event);
      for (const e of steps) attributed.add(e);
      changes.push({
        type: 'rollout',
        object: `${namespace}/replicaset/${rs.metadata.name}`,
        subjects: [name],
        namespace,
        bucket: configOnly ? 'auth-config-mismatch' : 'version-drift',
        phrase,
        time: rs.metadata.creationTimestamp!,
        details: [
          ...details.map((text) => ({ text })),
          ...steps.slice(0, 3).map((e) => ({ text: e.message ?? e.reason ?? '', time: eventTime(e), source: `${namespace}/deployment/${name}` })),
        ],
        replay:
          rev.number !== undefined
            ? o.kubectl('rollout', 'history', `deployment/${name}`, '-n', namespace, `--revision=${rev.number}`)
            : o.kubectl('get', 'rs', '-n', namespace, ...(selector ? ['-l', selector] : []), '-o', 'wide'),
      });
    }
  }
  // Scale events no rollout explains: a person or an autoscaler changed the replicas.
  for (const e of scaling) {
    if (attributed.has(e) || !within(eventTime(e), w)) continue;
    const namespace = e.involvedObject.namespace ?? e.metadata.namespace ?? '';
    const name = e.involvedObject.name ?? '';
    changes.push({
      type: 'rescale',
      object: `${namespace}/deployment/${name}`,
      subjects: [name],
      namespace,
      bucket: 'resource-pressure',
      phrase: lowerFirst(e.message ?? `scaled (${e.reason})`),
      time: eventTime(e),
      details: [],
      replay: o.kubectl('get', 'events', '-n', namespace, '--field-selector', `involvedObject.name=${name},reason=ScalingReplicaSet`),
      count: eventCount(e),
    });
  }
  return changes;
}

export function controllerRevisions(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
  const byOwner = new Map<string, ControllerRevision[]>();
  for (const cr of input.controllerRevisions) {
    const owner = controllerOf(cr.metadata);
    if (!owner) continue;
    const key = `${cr.metadata.namespace ?? ''}/${owner.kind}/${owner.name}`;
    if (!byOwner.has(key)) byOwner.set(key, []);
    byOwner.get(key)!.push(cr);
  }
  const changes: Change[] = [];
  for (const [key, revisions] of byOwner) {
    const [namespace, kind, name] = key.split('/') as [string, string, string];
    const ordered = [...revisions].sort((a, b) => a.revision - b.revision || created(a) - created(b));
    const toRevision = (cr: ControllerRevision): Revision => ({
      name: cr.metadata.name,
      number: cr.revision,
      ...(cr.metadata.creationTimestamp ? { created: cr.metadata.creationTimestamp } : {}),
      template: cr.data?.spec?.template,
    });
    ordered.forEach((cr, i) => {
      if (!within(cr.metadata.creationTimestamp, w)) return;
      const { phrase, details } = revisionPhrase(toRevision(cr), i > 0 ? toRevision(ordered[i - 1]!) : undefined, `${kind} ${name} as ${cr.metadata.name}`);
      changes.push({
        type: 'rollout',
        object: `${namespace}/controllerrevision/${cr.metadata.name}`,
        subjects: [name],
        namespace,
        bucket: 'version-drift',
        phrase,
        time: cr.metadata.creationTimestamp,
        details: details.map((text) => ({ text })),
        replay: o.kubectl('rollout', 'history', `${kind.toLowerCase()}/${name}`, '-n', namespace, `--revision=${cr.revision}`),
      });
    });
  }
  return changes;
}

/** Generation not yet observed, a paused rollout, Progressing transitions inside the window. */
export function deploymentStates(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
  const changes: Change[] = [];
  for (const d of input.deployments) {
    const namespace = d.metadata.namespace ?? '';
    const name = d.metadata.name;
    const base = {
      type: 'rollout-state' as const,
      object: `${namespace}/deployment/${name}`,
      subjects: [name],
      namespace,
      bucket: 'version-drift' as const,
      replay: o.kubectl('rollout', 'status', `deployment/${name}`, '-n', namespace, '--watch=false'),
    };
    const progressing = d.status.conditions?.find((c) => c.type === 'Progressing');
    // When the spec was last written: the only date a generation or a pause carries.
    const specWrite = lastWrite(d.metadata);
    const generation = d.metadata.generation;
    const observed = d.status.observedGeneration;
    // A state counts when it began inside the window, or when no source says when it began.
    const current = (time: string | undefined) => time === undefined || within(time, w);
    if (generation != null && observed != null && generation > observed && current(specWrite?.time)) {
      changes.push({
        ...base,
        phrase: `spec changed but not yet acted on (generation ${generation}, observed ${observed})`,
        ...(specWrite ? { time: specWrite.time } : {}),
        details: specWrite ? [{ text: `last spec write by ${specWrite.manager ?? 'an unnamed manager'} at ${specWrite.time}`, time: specWrite.time }] : [],
      });
    }
    const pausedAt = progressing?.reason === 'DeploymentPaused' ? (progressing.lastTransitionTime ?? undefined) : specWrite?.time;
    if (d.spec.paused && current(pausedAt)) {
      changes.push({
        ...base,
        phrase: 'rollout paused: template changes wait for kubectl rollout resume',
        ...(pausedAt ? { time: pausedAt } : {}),
        details: [],
      });
    }
    if (!progressing || progressing.reason === 'DeploymentPaused') continue;
    const stalled = progressing.status === 'False';
    const time = stalled ? progressing.lastTransitionTime : (progressing.lastUpdateTime ?? progressing.lastTransitionTime);
    if (!within(time, w)) continue;
    const what =
      progressing.reason === 'ProgressDeadlineExceeded'
        ? 'rollout stalled: progress deadline exceeded'
        : progressing.reason === 'NewReplicaSetAvailable'
          ? 'rollout complete'
          : `rollout ${stalled ? 'not progressing' : 'progressing'} (${progressing.reason ?? 'no reason'})`;
    changes.push({ ...base, phrase: what, time, details: progressing.message ? [{ text: progressing.message, time }] : [] });
  }
  return changes;
}
