// Jobs and CronJobs, as the API server prints them.
import {
  ageColumn,
  arr,
  containersAndImages,
  formatSelector,
  humanDuration,
  nameColumn,
  num,
  obj,
  since,
  str,
  wideContainerColumns,
  type Printer,
} from './table';

function jobStatus(deleting: boolean, spec: Record<string, unknown>, status: Record<string, unknown>): string {
  const conditions = arr(status.conditions).filter((c) => c.status === 'True');
  const has = (type: string) => conditions.some((c) => c.type === type);
  if (deleting) return 'Terminating';
  if (has('Failed')) return 'Failed';
  if (has('Complete')) return 'Complete';
  if (has('FailureTarget')) return 'FailureTarget';
  if (has('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  if (spec.suspend === true || has('Suspended')) return 'Suspended';
  return 'Running';
}

export const jobPrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Status', type: 'string', description: 'Status of the job.' },
    { name: 'Completions', type: 'string', description: 'The desired number of successfully finished pods the job should be run with.' },
    { name: 'Duration', type: 'string', description: 'Time required to complete the job.' },
    ageColumn,
    ...wideContainerColumns,
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const parallelism = typeof spec.parallelism === 'number' ? spec.parallelism : 1;
    const completions =
      typeof spec.completions === 'number'
        ? `${num(status.succeeded)}/${spec.completions}`
        : parallelism > 1
          ? `${num(status.succeeded)}/1 of ${parallelism}`
          : `${num(status.succeeded)}/1`;
    const start = Date.parse(str(status.startTime));
    const end = status.completionTime ? Date.parse(str(status.completionTime)) : now.getTime();
    const duration = Number.isNaN(start) ? '' : humanDuration(end - start);
    const [containers, images] = containersAndImages(spec.template);
    return [
      o.metadata.name,
      jobStatus(Boolean(o.metadata.deletionTimestamp), spec, status),
      completions,
      duration,
      since(o.metadata.creationTimestamp, now),
      containers,
      images,
      formatSelector(spec.selector),
    ];
  },
};

export const cronJobPrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Schedule', type: 'string', description: 'The schedule in Cron format.' },
    { name: 'Timezone', type: 'string', description: 'The time zone name for the given schedule.' },
    { name: 'Suspend', type: 'string', description: 'Whether subsequent executions are suspended.' },
    { name: 'Active', type: 'integer', description: 'The number of currently running jobs.' },
    { name: 'Last Schedule', type: 'string', description: 'The last time the job was successfully scheduled.' },
    ageColumn,
    ...wideContainerColumns,
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const [containers, images] = containersAndImages(obj(obj(spec.jobTemplate).spec).template);
    return [
      o.metadata.name,
      str(spec.schedule),
      str(spec.timeZone) || '<none>',
      spec.suspend === true ? 'True' : 'False',
      arr(status.active).length,
      status.lastScheduleTime ? since(status.lastScheduleTime, now) : '<none>',
      since(o.metadata.creationTimestamp, now),
      containers,
      images,
      formatSelector(obj(obj(spec.jobTemplate).spec).selector),
    ];
  },
};
