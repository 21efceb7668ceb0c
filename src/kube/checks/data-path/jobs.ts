// The plan's Jobs succeeded, and no Job of the last day failed or "completed" with nothing
// succeeded; a failing Job brings its pod's last log lines (and the previous instance's).
import type { Plan } from '../../../plan/schema';
import type { ClusterSource } from '../../../model/cluster';
import { jobSchema, podSchema, type Job, type Pod } from '../../analyze/resources';
import { conclude, plural, since, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';
import { jobFinish } from '../rerun/jobs';
import { splitTimestamp } from '../../analyze/log-lines';

/** Jobs that finished longer ago than this belong to another run (the rerun step's business). */
const JOB_WINDOW_MS = 24 * 3_600_000;
/** Log lines kept per failing container. */
export const LOG_LINES = 15;
/** Failing Jobs whose logs are fetched: the rest are named without their logs. */
const LOGS_FOR = 3;

export interface PodLogLines {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  /** As `kubectl logs --timestamps` prints them. */
  text: string;
}

interface JobInput {
  jobs: readonly Job[];
  pods: readonly Pod[];
  /** The plan's `jobs`: each must exist and have succeeded. */
  required: Plan['jobs'];
  logs?: readonly PodLogLines[];
}

type JobVerdict = { status: 'fail' | 'warn'; headline: string; why: string; bucket: Finding['bucket'] } | undefined;

/** A failed pod's container ended by the kernel or the runtime (OOMKilled), not by its own exit: the cause, named. */
function killedBy(pod: Pod | undefined): { container: string; reason: string; exitCode: number; at?: string } | undefined {
  if (pod?.status.phase !== 'Failed') return undefined;
  for (const s of [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])]) {
    const t = s.state?.terminated;
    if (t?.reason && t.reason !== 'Error' && t.reason !== 'Completed')
      return { container: s.name, reason: t.reason, exitCode: t.exitCode, at: t.finishedAt ?? undefined };
  }
  return undefined;
}

function verdictOf(job: Job, required: boolean, now: Date, failedPod: Pod | undefined): JobVerdict {
  const done = jobFinish(job);
  const killed = killedBy(failedPod);
  const cause = killed ? `: pod ${killed.reason} (exit ${killed.exitCode})` : '';
  const oom = killed?.reason === 'OOMKilled';
  if (!done) {
    const failed = job.status.failed ?? 0;
    // Retrying after a failed pod is this run's failure even before the backoff limit ends it.
    const ended =
      killed?.at ?? failedPod?.status.containerStatuses?.find((c) => c.state?.terminated)?.state?.terminated?.finishedAt ?? failedPod?.status.startTime;
    const retrying = failed > 0 && failedPod && (since(ended, now) ?? 0) <= JOB_WINDOW_MS;
    if (retrying) {
      return {
        status: 'warn',
        headline: `retrying after ${plural(failed, 'failed pod')}${cause}`,
        why: `still running (${job.status.active ?? 0} active) after ${plural(failed, 'failed pod')} of backoffLimit ${job.spec.backoffLimit ?? 6}`,
        bucket: oom ? 'resource-pressure' : 'missing-result-data',
      };
    }
    if (!required) return undefined;
    return {
      status: 'warn',
      headline: 'still running',
      why: `still running (${job.status.active ?? 0} active) since ${job.status.startTime ?? 'unknown'}`,
      bucket: 'timing-race',
    };
  }
  if (!required && (since(done.at, now) ?? 0) > JOB_WINDOW_MS) return undefined;
  if (done.how === 'Failed') {
    const bucket = oom ? 'resource-pressure' : done.reason === 'DeadlineExceeded' ? 'timing-race' : 'missing-result-data';
    return {
      status: 'fail',
      headline: `Failed (${done.reason ?? 'no reason'})${cause}`,
      why: `Failed (${done.reason ?? 'no reason'}) at ${done.at ?? 'unknown'}`,
      bucket,
    };
  }
  if (!job.status.succeeded) {
    return {
      status: 'fail',
      headline: 'Complete with 0 succeeded',
      why: `Complete at ${done.at ?? 'unknown'} with 0 succeeded pods`,
      bucket: 'missing-result-data',
    };
  }
  return undefined;
}

/** The pod of a Job that tells most about its failure: the latest failed one, else the latest. */
function jobPod(job: Job, pods: readonly Pod[]): Pod | undefined {
  const ns = job.metadata.namespace;
  const mine = pods.filter(
    (p) =>
      p.metadata.namespace === ns &&
      (p.metadata.ownerReferences?.some((r) => r.kind === 'Job' && (r.uid ? r.uid === job.metadata.uid : r.name === job.metadata.name)) ||
        p.metadata.labels?.['job-name'] === job.metadata.name),
  );
  const latest = (xs: Pod[]) => xs.sort((a, b) => Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? ''))[0];
  return latest(mine.filter((p) => p.status.phase === 'Failed')) ?? latest(mine);
}

/** Containers whose logs explain a failure: those that ended non-zero or restarted. */
function failingContainers(pod: Pod): { container: string; previous: boolean }[] {
  const out: { container: string; previous: boolean }[] = [];
  for (const s of [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])]) {
    const failed = (s.state?.terminated?.exitCode ?? 0) !== 0 || s.state?.waiting?.reason === 'CrashLoopBackOff';
    if (failed) out.push({ container: s.name, previous: false });
    if (s.restartCount > 0 && s.lastState?.terminated) out.push({ container: s.name, previous: true });
  }
  if (!out.length && pod.spec.containers[0]) out.push({ container: pod.spec.containers[0].name, previous: false });
  return out;
}

function failingJobs(input: Pick<JobInput, 'jobs' | 'pods' | 'required'>, now: Date): { job: Job; verdict: NonNullable<JobVerdict> }[] {
  const required = new Set(input.required.map((j) => `${j.namespace}/${j.name}`));
  return input.jobs.flatMap((job) => {
    const pod = jobPod(job, input.pods);
    const verdict = verdictOf(job, required.has(`${job.metadata.namespace}/${job.metadata.name}`), now, pod?.status.phase === 'Failed' ? pod : undefined);
    return verdict ? [{ job, verdict }] : [];
  });
}

export function analyzeJobs(input: JobInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  const findings: Finding[] = [];
  const known = new Set(input.jobs.map((j) => `${j.metadata.namespace}/${j.metadata.name}`));
  for (const r of input.required) {
    if (known.has(`${r.namespace}/${r.name}`)) continue;
    findings.push({
      status: 'fail',
      headline: `${r.namespace}/${r.name} not found`,
      source: `${r.namespace}/job/${r.name}`,
      lines: [{ text: `job ${r.namespace}/${r.name} named by the plan does not exist (never created, or already cleaned up)` }],
      bucket: 'missing-result-data',
      replay: o.kubectl('get', 'jobs', '-n', r.namespace),
      weight: 8,
    });
  }
  for (const { job, verdict } of failingJobs(input, o.now)) {
    const ns = job.metadata.namespace ?? '';
    const name = job.metadata.name;
    const pod = jobPod(job, input.pods);
    const lines: Finding['lines'] = [
      {
        text: `job ${verdict.why}; ${job.status.succeeded ?? 0} succeeded, ${job.status.failed ?? 0} failed, backoffLimit ${job.spec.backoffLimit ?? 6}`,
        time: jobFinish(job)?.at,
      },
    ];
    let replay = o.kubectl('describe', 'job', '-n', ns, name);
    if (pod) {
      const ended = pod.status.containerStatuses?.find((s) => s.state?.terminated)?.state?.terminated;
      if (ended)
        lines.push({
          text: `pod ${pod.metadata.name} ${ended.reason ?? 'terminated'} (exit ${ended.exitCode}) at ${ended.finishedAt ?? 'unknown'}`,
          time: ended.finishedAt ?? undefined,
        });
      const logs = (input.logs ?? []).filter((l) => l.namespace === ns && l.pod === pod.metadata.name);
      for (const log of logs) {
        const last = log.text.split('\n').filter(Boolean).slice(-LOG_LINES);
        for (const line of last) {
          const { time, text } = splitTimestamp(line);
          lines.push({ text: log.previous ? `(previous) ${text}` : text, time, source: `${ns}/pod/${pod.metadata.name}/${log.container}` });
        }
      }
      const first = failingContainers(pod)[0];
      if (first) replay = o.kubectl('logs', '-n', ns, pod.metadata.name, '-c', first.container, ...(first.previous ? ['--previous'] : []), '--tail', '50');
    }
    const killed = killedBy(pod);
    findings.push({
      status: verdict.status,
      headline: `${ns}/${name} ${verdict.headline}`,
      source: `${ns}/job/${name}`,
      lines,
      bucket: verdict.bucket,
      replay,
      weight: verdict.status === 'fail' ? 10 : 3,
      ...(killed
        ? {
            kind: 'terminated' as const,
            phrase: `${killed.reason === 'OOMKilled' ? 'OOM-killed' : killed.reason} (exit ${killed.exitCode}), job ${verdict.headline.split(':')[0]}`,
            ...(killed.at ? { time: killed.at } : {}),
          }
        : {}),
    });
  }
  const recent = input.jobs.filter((j) => !jobFinish(j) || (since(jobFinish(j)?.at, o.now) ?? 0) <= JOB_WINDOW_MS).length;
  return conclude(findings, {
    kind: 'job',
    problem: (n) => `${plural(n, 'job')} did not succeed`,
    quiet: input.required.length
      ? `the plan's ${plural(input.required.length, 'job')} succeeded; ${plural(recent, 'job')} of the last day, none failed`
      : `${plural(recent, 'job')} of the last day, none failed or empty`,
    replay: o.kubectl('get', 'jobs', ...o.scope),
  });
}

/** Fetch the last lines of the containers that explain each failing Job (at most LOGS_FOR of them). */
async function failingLogs(cluster: ClusterSource, input: Pick<JobInput, 'jobs' | 'pods' | 'required'>, now: Date): Promise<PodLogLines[]> {
  const wanted = failingJobs(input, now)
    .filter((f) => f.verdict.status === 'fail')
    .slice(0, LOGS_FOR)
    .flatMap(({ job }) => {
      const pod = jobPod(job, input.pods);
      return pod ? failingContainers(pod).map((c) => ({ pod, ...c })) : [];
    });
  const fetched = await Promise.all(
    wanted.map(async ({ pod, container, previous }) => {
      const namespace = pod.metadata.namespace ?? '';
      try {
        const text = await cluster.podLog(namespace, pod.metadata.name, { container, previous, tailLines: LOG_LINES, timestamps: true });
        return { namespace, pod: pod.metadata.name, container, previous, text };
      } catch (error) {
        // A log the node already dropped should not hide the Job's failure itself.
        return { namespace, pod: pod.metadata.name, container, previous, text: `log unavailable: ${(error as Error).message}` };
      }
    }),
  );
  return fetched;
}

export const jobsCheck = kubeCheck({
  name: 'jobs',
  step: 'data-path',
  title: 'Jobs succeeded',
  async run(ctx, cluster) {
    const required = ctx.plan.jobs;
    const alsoIn = required.map((j) => j.namespace);
    const [jobs, pods] = await Promise.all([
      listObjects(ctx, cluster, 'jobs', 'batch', jobSchema, { alsoIn }),
      listObjects(ctx, cluster, 'pods', '', podSchema, { alsoIn }),
    ]);
    const o = analyzeOptions(ctx, cluster);
    const logs = await failingLogs(cluster, { jobs, pods, required }, o.now);
    return analyzeJobs({ jobs, pods, required, logs }, o);
  },
});
