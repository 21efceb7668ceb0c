// Node joins and condition transitions, and job starts (a rerun or a scheduled run).
import type { Change } from '../../checks/change-timeline';
import type { AnalyzeOptions } from '../checks/kit';
import { controllerOf } from './owners';
import type { Job } from './resources';
import { within, type ChangeInput, type ChangeWindow } from './changes-input';

const NODE_CONDITIONS: Record<string, 'True' | 'False'> = {
  Ready: 'True',
  MemoryPressure: 'False',
  DiskPressure: 'False',
  PIDPressure: 'False',
  NetworkUnavailable: 'False',
};
/** A node's conditions all turn healthy as it joins: those transitions are the join. */
const JOIN_SETTLE_MS = 5 * 60_000;

export function nodeChanges(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
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

export function jobStarts(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
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
        ? [
            {
              text: `${rerun ? 'earlier run' : 'previous scheduled run'} ${before} started ${earlier.status.startTime}, ${jobOutcome(earlier)}`,
              time: earlier.status.startTime!,
              source: `${earlier.metadata.namespace ?? ''}/job/${earlier.metadata.name}`,
            },
          ]
        : [],
      replay: o.kubectl('get', 'job', '-n', namespace, name, '-o', 'wide'),
    });
  }
  return changes;
}
