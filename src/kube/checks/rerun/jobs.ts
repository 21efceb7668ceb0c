// Finished Jobs nobody cleaned up: older than `olderThan`, no ttlSecondsAfterFinished, not a
// CronJob's history (its limits clean that). A same-named rerun collides with them.
import { jobSchema, type Job } from '../../analyze/resources';
import { controllerOf } from '../../analyze/owners';
import { age, conclude, plural, since, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';
import { leftoverRules } from './rules';

/** When a Job finished and how, from its conditions; undefined while it runs. */
export function jobFinish(job: Job): { how: 'Complete' | 'Failed'; at?: string; reason?: string } | undefined {
  for (const type of ['Complete', 'Failed'] as const) {
    const c = job.status.conditions?.find((x) => x.type === type && x.status === 'True');
    if (c)
      return {
        how: type,
        at: (type === 'Complete' ? job.status.completionTime : undefined) ?? c.lastTransitionTime ?? undefined,
        reason: c.reason ?? undefined,
      };
  }
  return undefined;
}

interface StaleJobInput {
  jobs: readonly Job[];
  olderThan: string;
  olderThanMs: number;
}

export function analyzeStaleJobs(input: StaleJobInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  const findings: Finding[] = [];
  let finished = 0;
  for (const job of input.jobs) {
    const done = jobFinish(job);
    if (!done) continue;
    finished++;
    if (job.spec.ttlSecondsAfterFinished != null || controllerOf(job.metadata)?.kind === 'CronJob') continue;
    if ((since(done.at, o.now) ?? 0) <= input.olderThanMs) continue;
    const ns = job.metadata.namespace ?? '';
    const name = job.metadata.name;
    findings.push({
      status: 'warn',
      headline: `${ns}/${name} ${done.how} ${age(done.at, o.now) ?? '?'} ago`,
      source: `${ns}/job/${name}`,
      lines: [
        {
          text: `job ${done.how}${done.reason ? ` (${done.reason})` : ''} at ${done.at ?? 'unknown'}, ${job.status.succeeded ?? 0} succeeded, ${job.status.failed ?? 0} failed; no ttlSecondsAfterFinished, so it stays until deleted`,
          time: done.at,
        },
      ],
      bucket: 'replay-dedupe',
      replay: o.kubectl('get', 'job', '-n', ns, name, '-o', 'wide'),
      weight: 5,
    });
  }
  return conclude(findings, {
    kind: 'leftover',
    problem: (n) => `${plural(n, 'finished job')} older than ${input.olderThan} not cleaned up`,
    quiet: `${plural(finished, 'finished job')}, none older than ${input.olderThan} left behind`,
    replay: o.kubectl('get', 'jobs', ...o.scope, '--sort-by', '.status.startTime'),
  });
}

export const staleJobsCheck = kubeCheck({
  name: 'finished-jobs',
  step: 'rerun',
  title: 'Finished jobs left behind',
  async run(ctx, cluster) {
    const rules = leftoverRules(ctx.plan);
    const jobs = await listObjects(ctx, cluster, 'jobs', 'batch', jobSchema);
    return analyzeStaleJobs({ jobs, olderThan: rules.olderThan, olderThanMs: rules.olderThanMs }, analyzeOptions(ctx, cluster));
  },
});
