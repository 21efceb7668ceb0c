// kubectl's pod columns, with STATUS derived the way the API server's printer does it.
import { ageColumn, arr, nameColumn, num, obj, since, str, type Obj, type Printer } from './table';

function isRestartableInit(container: Obj | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function laterOf(a: string, b: unknown): string {
  const t = str(b);
  return t && (!a || Date.parse(t) > Date.parse(a)) ? t : a;
}

/** READY, STATUS, RESTARTS and the time of the last restart, as `kubectl get pods` shows them. */
function podSummary(pod: Obj): { ready: string; status: string; restarts: number; lastRestart: string } {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const metadata = obj(pod.metadata);
  const initSpecs = new Map(arr(spec.initContainers).map((c) => [str(c.name), c]));
  let total = arr(spec.containers).length + [...initSpecs.values()].filter(isRestartableInit).length;
  let ready = 0;
  let restarts = 0;
  let restartableRestarts = 0;
  let lastRestart = '';
  let lastRestartableRestart = '';
  const phase = str(status.phase);
  let reason = str(status.reason) || phase;
  for (const c of arr(status.conditions)) if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';

  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    const state = obj(c.state);
    const terminated = state.terminated ? obj(state.terminated) : undefined;
    const waiting = state.waiting ? obj(state.waiting) : undefined;
    const lastTerminated = obj(obj(c.lastState).terminated);
    restarts += num(c.restartCount);
    lastRestart = laterOf(lastRestart, lastTerminated.finishedAt);
    const restartable = isRestartableInit(initSpecs.get(str(c.name)));
    if (restartable) {
      restartableRestarts += num(c.restartCount);
      lastRestartableRestart = laterOf(lastRestartableRestart, lastTerminated.finishedAt);
    }
    if (terminated && num(terminated.exitCode) === 0) continue;
    if (restartable && c.started === true) {
      if (c.ready === true) ready++;
      continue;
    }
    if (terminated) {
      reason = str(terminated.reason)
        ? `Init:${str(terminated.reason)}`
        : num(terminated.signal)
          ? `Init:Signal:${num(terminated.signal)}`
          : `Init:ExitCode:${num(terminated.exitCode)}`;
    } else if (waiting && str(waiting.reason) && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initSpecs.size}`;
    }
    initializing = true;
    break;
  }

  const initialized = arr(status.conditions).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = restartableRestarts;
    lastRestart = lastRestartableRestart;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      const state = obj(c.state);
      const terminated = state.terminated ? obj(state.terminated) : undefined;
      const waiting = state.waiting ? obj(state.waiting) : undefined;
      restarts += num(c.restartCount);
      lastRestart = laterOf(lastRestart, obj(obj(c.lastState).terminated).finishedAt);
      if (waiting && str(waiting.reason)) reason = str(waiting.reason);
      else if (terminated && str(terminated.reason)) reason = str(terminated.reason);
      else if (terminated) reason = num(terminated.signal) ? `Signal:${num(terminated.signal)}` : `ExitCode:${num(terminated.exitCode)}`;
      else if (c.ready === true && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = arr(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  total = Math.max(total, 0);
  return { ready: `${ready}/${total}`, status: reason, restarts, lastRestart };
}

export const podPrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Ready', type: 'string', description: 'The aggregate readiness state of this pod for accepting traffic.' },
    { name: 'Status', type: 'string', description: 'The aggregate status of the containers in this pod.' },
    {
      name: 'Restarts',
      type: 'string',
      description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    },
    ageColumn,
    { name: 'IP', type: 'string', priority: 1, description: 'The IP address assigned to the pod' },
    { name: 'Node', type: 'string', priority: 1, description: 'The name of the node the pod is assigned to' },
    { name: 'Nominated Node', type: 'string', priority: 1, description: 'The node the scheduler nominated for this pod' },
    { name: 'Readiness Gates', type: 'string', priority: 1, description: 'The readiness gates of the pod' },
  ],
  cells(pod, now) {
    const p = pod as Obj;
    const spec = obj(p.spec);
    const status = obj(p.status);
    const summary = podSummary(p);
    const restarts = summary.restarts !== 0 && summary.lastRestart ? `${summary.restarts} (${since(summary.lastRestart, now)} ago)` : String(summary.restarts);
    const gates = arr(spec.readinessGates);
    const conditions = arr(status.conditions);
    const gatesCell = gates.length
      ? `${gates.filter((g) => conditions.some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`
      : '<none>';
    return [
      pod.metadata.name,
      summary.ready,
      summary.status,
      restarts,
      since(pod.metadata.creationTimestamp, now),
      str(arr(status.podIPs)[0]?.ip) || str(status.podIP) || '<none>',
      str(spec.nodeName) || '<none>',
      str(status.nominatedNodeName) || '<none>',
      gatesCell,
    ];
  },
};
