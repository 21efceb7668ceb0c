// What the cluster says changed inside a lookback before the window's end: new ReplicaSets and
// ControllerRevisions against the revision before them, rollout states, config map and secret
// writes (names only), rescales, node joins and condition transitions, job starts.
// Pure: resources and a clock in, changes out; a bundle gives the same answer any day.
import type { Change } from '../../checks/change-timeline';
import type { AnalyzeOptions } from '../checks/kit';
import { eventCount, eventTime } from './events';
import { workloadName } from './findings';
import { controllerOf, indexReplicaSets, workloadOf } from './owners';
import type { ControllerRevision, Deployment, HorizontalPodAutoscaler, Job, KeyedObject, KubeEvent, LabelSelector, Node, Pod, PodTemplate, ReplicaSet } from './resources';
import { lastWrite } from './resources';
import { templateChanges, templateImages } from './template-diff';

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
function within(time: string | null | undefined, w: ChangeWindow): time is string {
  if (!time) return false;
  const t = Date.parse(time);
  return Number.isFinite(t) && t >= w.from.getTime() && t <= w.to.getTime();
}

/** A phrase's list: the first few, then how many more (the evidence has them all). */
function firstFew(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function selectorText(selector: LabelSelector | null | undefined): string | undefined {
  const labels = Object.entries(selector?.matchLabels ?? {}).filter(([k]) => k !== 'pod-template-hash');
  return labels.length ? labels.map(([k, v]) => `${k}=${v}`).join(',') : undefined;
}

const revisionOf = (rs: ReplicaSet) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? Number.NaN);
const created = (m: { metadata: { creationTimestamp?: string | null } }) => Date.parse(m.metadata.creationTimestamp ?? '') || 0;

interface Revision {
  name: string;
  /** `deployment.kubernetes.io/revision` or a ControllerRevision's `revision`, when known. */
  number?: number;
  created?: string;
  template: PodTemplate | null | undefined;
}

/** The phrase of a new revision against the one before it. */
function revisionPhrase(rev: Revision, previous: Revision | undefined, label: string): { phrase: string; details: string[] } {
  const number = rev.number !== undefined ? ` (revision ${rev.number})` : '';
  if (!previous) {
    const images = templateImages(rev.template);
    return { phrase: `first revision ${label}${number}${images.length ? `: ${firstFew(images)}` : ''}`, details: [] };
  }
  const diffs = templateChanges(previous.template, rev.template).map((d) => d.text);
  const against = `against ${previous.name}${previous.number !== undefined ? ` (revision ${previous.number})` : ''}${previous.created ? `, created ${previous.created}` : ''}`;
  return {
    phrase: `rolled out ${label}${number}: ${diffs.length ? firstFew(diffs) : 'same pod template as the revision before'}`,
    details: diffs.length > 3 ? [`${diffs.length} differences ${against}: ${diffs.join('; ')}`] : [`compared ${against}`],
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function deploymentRollouts(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
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
      const { phrase, details } = revisionPhrase(rev, previous, rs.metadata.name);
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
        bucket: 'version-drift',
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

function controllerRevisions(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
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
function deploymentStates(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
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

/** Which workloads read a config map or secret, by name, from pod and ReplicaSet templates. */
function readers(input: ChangeInput): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (kind: string, namespace: string, name: string | undefined, workload: string) => {
    if (!name) return;
    const key = `${kind}/${namespace}/${name}`;
    if (!out.has(key)) out.set(key, new Set());
    out.get(key)!.add(workload);
  };
  const visit = (namespace: string, spec: PodTemplate['spec'], workload: string) => {
    for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
      for (const e of c.env ?? []) {
        add('secret', namespace, e.valueFrom?.secretKeyRef?.name, workload);
        add('configmap', namespace, e.valueFrom?.configMapKeyRef?.name, workload);
      }
      for (const f of c.envFrom ?? []) {
        add('secret', namespace, f.secretRef?.name, workload);
        add('configmap', namespace, f.configMapRef?.name, workload);
      }
    }
    for (const v of spec?.volumes ?? []) {
      add('secret', namespace, v.secret?.secretName, workload);
      add('configmap', namespace, v.configMap?.name, workload);
      for (const p of v.projected?.sources ?? []) {
        add('secret', namespace, p.secret?.name, workload);
        add('configmap', namespace, p.configMap?.name, workload);
      }
    }
  };
  const rsIndex = indexReplicaSets(input.replicaSets);
  for (const pod of input.pods) {
    const w = workloadOf(pod, rsIndex);
    // A ReplicaSet the list did not hold still names its Deployment before the hash.
    visit(pod.metadata.namespace ?? '', pod.spec, w.kind === 'ReplicaSet' ? workloadName('replicaset', w.name) : w.name);
  }
  for (const rs of input.replicaSets) {
    const owner = controllerOf(rs.metadata);
    visit(rs.metadata.namespace ?? '', rs.spec.template?.spec, owner?.name ?? rs.metadata.name);
  }
  return out;
}

/** Written by the cluster itself in every namespace: no one's change. */
const CLUSTER_MANAGED_CONFIG = new Set(['kube-root-ca.crt']);
const CLUSTER_MANAGED_SECRET_TYPES = new Set(['kubernetes.io/service-account-token']);

function configChanges(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
  // Who reads what is a walk over every pod template: only worth it when something was written.
  let readBy: Map<string, Set<string>> | undefined;
  const changes: Change[] = [];
  const visit = (kind: 'configmap' | 'secret', obj: KeyedObject) => {
    if (kind === 'configmap' && CLUSTER_MANAGED_CONFIG.has(obj.name)) return;
    if (kind === 'secret' && obj.type && CLUSTER_MANAGED_SECRET_TYPES.has(obj.type)) return;
    const time = obj.updatedAt ?? obj.creationTimestamp;
    if (!within(time, w)) return;
    const columns = `custom-columns=NAME:.metadata.name,CREATED:.metadata.creationTimestamp,UPDATED:.metadata.managedFields[*].time,BY:.metadata.managedFields[*].manager`;
    const replay = o.kubectl('get', kind, '-n', obj.namespace, obj.name, '--show-managed-fields', '-o', columns);
    // Helm keeps each release revision as a Secret: a new one is an install or upgrade.
    if (kind === 'secret' && obj.type === 'helm.sh/release.v1') {
      const release = obj.labels.name ?? obj.name;
      changes.push({
        type: 'release',
        object: `${obj.namespace}/secret/${obj.name}`,
        subjects: [release],
        namespace: obj.namespace,
        bucket: 'version-drift',
        phrase: `Helm release ${release} revision ${obj.labels.version ?? '?'}${obj.labels.status ? ` (${obj.labels.status})` : ''}`,
        time,
        details: [],
        replay,
      });
      return;
    }
    const made = !obj.updatedAt || obj.updatedAt === obj.creationTimestamp;
    readBy ??= readers(input);
    const users = [...(readBy.get(`${kind}/${obj.namespace}/${obj.name}`) ?? [])].sort();
    const label = kind === 'configmap' ? 'config map' : 'secret';
    changes.push({
      type: kind === 'configmap' ? 'config' : 'secret',
      object: `${obj.namespace}/${kind}/${obj.name}`,
      subjects: users.length ? users : [obj.name],
      namespace: obj.namespace,
      bucket: 'auth-config-mismatch',
      phrase: `${label} ${obj.name} ${made ? 'created' : 'updated'}${!made && obj.updatedBy ? ` by ${obj.updatedBy}` : ''}${users.length ? `; read by ${firstFew(users)}` : ''}`,
      time,
      details: made || !obj.creationTimestamp ? [] : [{ text: `created ${obj.creationTimestamp}; last written ${obj.updatedAt}` }],
      replay,
    });
  };
  for (const c of input.configMaps) visit('configmap', c);
  for (const s of input.secrets) visit('secret', s);
  return changes;
}

/** `New size: 4; reason: memory resource utilization (percentage of request) above target`. */
function rescaleOf(message: string | null | undefined): { size?: string; reason?: string } {
  const m = /New size: (\d+)(?:; reason: (.*))?/.exec(message ?? '');
  return m ? { size: m[1], ...(m[2] ? { reason: m[2] } : {}) } : {};
}

function rescales(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
  const changes: Change[] = [];
  const hpas = new Map(input.hpas.map((h) => [`${h.metadata.namespace ?? ''}/${h.metadata.name}`, h]));
  const explained = new Set<HorizontalPodAutoscaler>();
  for (const e of input.events) {
    if (e.reason !== 'SuccessfulRescale' || !within(eventTime(e), w)) continue;
    const namespace = e.involvedObject.namespace ?? e.metadata.namespace ?? '';
    const name = e.involvedObject.name ?? '';
    const hpa = hpas.get(`${namespace}/${name}`);
    const target = hpa?.spec.scaleTargetRef.name ?? name;
    const { size, reason } = rescaleOf(e.message);
    const last = hpa?.status.lastScaleTime;
    const isLast = !!last && Math.abs(Date.parse(last) - Date.parse(eventTime(e))) < 2000;
    if (isLast) explained.add(hpa!);
    changes.push({
      type: 'rescale',
      object: `${namespace}/hpa/${name}`,
      subjects: [target],
      namespace,
      bucket: 'resource-pressure',
      phrase: size ? `autoscaler rescaled ${target} to ${size}${reason ? `: ${reason}` : ''}` : lowerFirst(e.message ?? 'autoscaler rescaled'),
      time: eventTime(e),
      details: isLast && hpa ? [{ text: hpaState(hpa) }] : [],
      replay: o.kubectl('describe', 'hpa', '-n', namespace, name),
      count: eventCount(e),
    });
  }
  // Events live an hour; the autoscaler's own lastScaleTime outlives them.
  for (const hpa of input.hpas) {
    if (explained.has(hpa) || !within(hpa.status.lastScaleTime, w)) continue;
    const namespace = hpa.metadata.namespace ?? '';
    const target = hpa.spec.scaleTargetRef.name;
    changes.push({
      type: 'rescale',
      object: `${namespace}/hpa/${hpa.metadata.name}`,
      subjects: [target],
      namespace,
      bucket: 'resource-pressure',
      phrase: `autoscaler rescaled ${target} (${hpaState(hpa)})`,
      time: hpa.status.lastScaleTime!,
      details: [],
      replay: o.kubectl('describe', 'hpa', '-n', namespace, hpa.metadata.name),
    });
  }
  return changes;
}

function hpaState(hpa: HorizontalPodAutoscaler): string {
  return `${hpa.status.currentReplicas ?? '?'} replicas now, ${hpa.status.desiredReplicas ?? '?'} desired, min ${hpa.spec.minReplicas ?? 1}, max ${hpa.spec.maxReplicas}`;
}

const NODE_CONDITIONS: Record<string, 'True' | 'False'> = { Ready: 'True', MemoryPressure: 'False', DiskPressure: 'False', PIDPressure: 'False', NetworkUnavailable: 'False' };
/** A node's conditions all turn healthy as it joins: those transitions are the join. */
const JOIN_SETTLE_MS = 5 * 60_000;

function nodeChanges(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
  const changes: Change[] = [];
  for (const node of input.nodes) {
    const name = node.metadata.name;
    const base = { type: 'node' as const, object: `node/${name}`, subjects: [name], replay: o.kubectl('describe', 'node', name), details: [] };
    const joined = node.metadata.creationTimestamp;
    if (within(joined, w)) {
      const kubelet = node.status.nodeInfo?.kubeletVersion;
      changes.push({ ...base, bucket: 'environment-not-ready', phrase: `node ${name} joined${kubelet ? ` (kubelet ${kubelet})` : ''}`, time: joined });
    }
    for (const c of node.status.conditions ?? []) {
      const healthy = NODE_CONDITIONS[c.type];
      if (!healthy || !within(c.lastTransitionTime, w)) continue;
      const settling = joined && Date.parse(c.lastTransitionTime) - Date.parse(joined) < JOIN_SETTLE_MS;
      if (c.status === healthy && settling) continue;
      const pressure = c.type.endsWith('Pressure');
      changes.push({
        ...base,
        bucket: pressure && c.status === 'True' ? 'resource-pressure' : 'environment-not-ready',
        phrase: `node ${name} ${c.type} → ${c.status}${c.reason ? ` (${c.reason})` : ''}`,
        time: c.lastTransitionTime,
        details: c.message ? [{ text: c.message, time: c.lastTransitionTime }] : [],
      });
    }
  }
  return changes;
}

/** `e2e-checkout-flow-1907` → `e2e-checkout-flow`: runs of one job share the name before the run number. */
function jobFamily(job: Job): string {
  const cron = controllerOf(job.metadata);
  if (cron?.kind === 'CronJob') return `cronjob/${cron.name}`;
  return job.metadata.name.replace(/-\d+$/, '');
}

function jobOutcome(job: Job): string {
  const failed = job.status.conditions?.find((c) => (c.type === 'Failed' || c.type === 'FailureTarget') && c.status === 'True');
  if (failed) return `failed${failed.reason ? ` (${failed.reason})` : ''}`;
  if (job.status.completionTime || job.status.conditions?.some((c) => c.type === 'Complete' && c.status === 'True')) return 'complete';
  return job.status.active ? 'running' : 'not finished';
}

function jobStarts(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
  const changes: Change[] = [];
  for (const job of input.jobs) {
    const started = job.status.startTime;
    if (!within(started, w)) continue;
    const namespace = job.metadata.namespace ?? '';
    const name = job.metadata.name;
    const family = jobFamily(job);
    // The run before this one, anywhere: a rerun meets what the earlier run left behind.
    const earlier = input.jobs
      .filter((j) => j !== job && jobFamily(j) === family && j.status.startTime && Date.parse(j.status.startTime) < Date.parse(started))
      .sort((a, b) => Date.parse(b.status.startTime!) - Date.parse(a.status.startTime!))[0];
    const cron = controllerOf(job.metadata)?.kind === 'CronJob' ? controllerOf(job.metadata)!.name : undefined;
    // A schedule's next run is routine; a job started again by hand or by CI is a rerun.
    const rerun = earlier && !cron;
    const before = earlier ? `${earlier.metadata.namespace ?? ''}/${earlier.metadata.name}` : '';
    changes.push({
      type: 'job',
      object: `${namespace}/job/${name}`,
      subjects: [name],
      namespace,
      bucket: rerun ? 'replay-dedupe' : 'missing-result-data',
      phrase: `job ${name} started${cron ? ` by cronjob ${cron}` : ''}, ${jobOutcome(job)}${rerun ? `; a rerun after ${before}` : ''}`,
      time: started,
      details: earlier
        ? [{ text: `${rerun ? 'earlier run' : 'previous scheduled run'} ${before} started ${earlier.status.startTime}, ${jobOutcome(earlier)}`, time: earlier.status.startTime!, source: `${earlier.metadata.namespace ?? ''}/job/${earlier.metadata.name}` }]
        : [],
      replay: o.kubectl('get', 'job', '-n', namespace, name, '-o', 'wide'),
    });
  }
  return changes;
}

/** How soon after an autoscaler's rescale the Deployment's scale event follows as its consequence. */
const RESCALE_ECHO_MS = 30_000;

/** An autoscaler's rescale and the Deployment scale it causes are one change: the scale becomes its detail. */
function mergeRescaleEchoes(changes: Change[]): Change[] {
  const byAutoscaler = changes.filter((c) => c.type === 'rescale' && c.object.includes('/hpa/'));
  return changes.filter((c) => {
    if (c.type !== 'rescale' || !c.object.includes('/deployment/') || !c.time) return true;
    const cause = byAutoscaler.find((h) => {
      const gap = Date.parse(c.time!) - Date.parse(h.time ?? '');
      return h.namespace === c.namespace && h.subjects[0] === c.subjects[0] && gap >= 0 && gap <= RESCALE_ECHO_MS;
    });
    if (!cause) return true;
    cause.details.push({ text: c.phrase, time: c.time, source: c.object });
    return false;
  });
}

/** Every change the cluster records inside the window, unordered. */
export function clusterChanges(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
  return mergeRescaleEchoes([
    ...deploymentRollouts(input, w, o),
    ...controllerRevisions(input, w, o),
    ...deploymentStates(input, w, o),
    ...configChanges(input, w, o),
    ...rescales(input, w, o),
    ...nodeChanges(input, w, o),
    ...jobStarts(input, w, o),
  ]);
}
