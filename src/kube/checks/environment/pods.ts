// Pods not Running/Ready and why: the waiting reason, the scheduler's reason, the last
// termination (OOMKilled, Error, exit code) and restarts within the last hour.
import type { Bucket, FactKind } from '../../../model';
import { eventSchema, podSchema, runInTurns, runNow, type ContainerStatus, type KubeEvent, type Pod, type Steps } from '../../analyze/resources';
import { age, conclude, plural, RECENT_MS, since, type Finding } from '../../analyze/findings';
import { eventCount, eventTime } from '../../analyze/events';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';
import { lostWithNode, NODE_RESTART_WINDOW_MS, nodeRestartFinding, type NodeRestart } from './node-restarts';
import { latestEvent, warningsByPod, type WarningsByPod } from './pod-warnings';

/** Creating containers for longer than this is stuck, not slow. */
const STUCK_CREATING_MS = 5 * 60_000;

const WAITING_BUCKET: Record<string, Bucket> = {
  CrashLoopBackOff: 'environment-not-ready',
  ImagePullBackOff: 'environment-not-ready',
  ErrImagePull: 'environment-not-ready',
  ErrImageNeverPull: 'environment-not-ready',
  InvalidImageName: 'version-drift',
  CreateContainerConfigError: 'auth-config-mismatch',
  CreateContainerError: 'environment-not-ready',
  RunContainerError: 'environment-not-ready',
  ContainerCannotRun: 'environment-not-ready',
  PreStartHookError: 'environment-not-ready',
  PostStartHookError: 'environment-not-ready',
};
const WAITING_WEIGHT: Record<string, number> = { CrashLoopBackOff: 50, CreateContainerConfigError: 45, ImagePullBackOff: 40, ErrImagePull: 40 };

function imagePullBucket(message: string): Bucket {
  if (/unauthorized|denied|authenticat|forbidden/i.test(message)) return 'auth-config-mismatch';
  if (/not found|manifest unknown|no such image/i.test(message)) return 'version-drift';
  return 'environment-not-ready';
}

function termination(t: NonNullable<NonNullable<ContainerStatus['lastState']>['terminated']>): string {
  const reason = t.reason ?? 'terminated';
  const signal = t.signal ? `, signal ${t.signal}` : '';
  // The runtime's own words (`exec: "wge": executable file not found in $PATH`) name the cause.
  const message = (t.message ?? '').trim().split('\n')[0]!.slice(0, 240);
  return `${reason} (exit ${t.exitCode}${signal})${message ? `: ${message}` : ''}`;
}

interface PodInput {
  pods: readonly Pod[];
  /** Warning events: the scheduler's word on a Pending pod, the kubelet's latest complaint on the others. */
  events?: readonly KubeEvent[];
}

export function analyzePods(input: PodInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  return runNow(podSteps(input, o));
}

/** analyzePods in steps: one per pod. */
function* podSteps(input: PodInput, o: AnalyzeOptions): Steps<ReturnType<typeof conclude>> {
  const findings: Finding[] = [];
  const nodeRestarts: NodeRestart[] = [];
  let running = 0;
  let completed = 0;
  // Indexed when a pod first needs its events: one pass over them, not one per unhealthy pod.
  let warnings: WarningsByPod | undefined;
  for (const pod of input.pods) {
    yield;
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name;
    const phase = pod.status.phase ?? 'Unknown';
    const source = `${ns}/pod/${name}`;
    const ownerKind = pod.metadata.ownerReferences?.find((r) => r.controller)?.kind;
    if (phase === 'Succeeded') {
      completed++;
      continue;
    }
    if (phase === 'Failed' && pod.status.reason !== 'Evicted' && ownerKind === 'Job') {
      // A Job's failed pod is the data-path step's finding, with its log.
      completed++;
      continue;
    }
    const lines: Finding['lines'] = [];
    let status: Finding['status'] | undefined;
    let bucket: Bucket = 'environment-not-ready';
    let headline = '';
    let weight = 0;
    /** `kubectl describe pod` unless a container's log says more; made only for a finding. */
    let replay: string | undefined;
    let kind: FactKind = 'other';
    let phrase: string | undefined;
    let time: string | undefined;
    const worse = (s: Finding['status'], h: string, b: Bucket, w: number, k: FactKind, p?: string, t?: string) => {
      if (status === 'fail' && s === 'warn') return;
      if (status === s && w <= weight) return;
      status = s;
      headline = h;
      bucket = b;
      weight = w;
      kind = k;
      phrase = p;
      time = t;
    };

    if (phase === 'Failed') {
      const evicted = pod.status.reason === 'Evicted';
      const when = pod.status.conditions?.find((c) => c.type === 'DisruptionTarget')?.lastTransitionTime ?? pod.status.startTime ?? undefined;
      lines.push({
        text: `${evicted ? 'Evicted' : `Failed${pod.status.reason ? ` (${pod.status.reason})` : ''}`}: ${(pod.status.message ?? '').trim() || 'no message'}`,
        time: when,
      });
      // The pod's message is often empty; its containers' terminations say how it ended.
      const ended = [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])].filter(
        (cs) => cs.state?.terminated && cs.state.terminated.exitCode !== 0,
      );
      for (const cs of ended)
        lines.push({
          text: `container ${cs.name} terminated ${termination(cs.state!.terminated!)} at ${cs.state!.terminated!.finishedAt ?? 'unknown time'}`,
          time: cs.state!.terminated!.finishedAt ?? undefined,
        });
      const oom = ended.find((cs) => cs.state!.terminated!.reason === 'OOMKilled')?.state?.terminated;
      if (oom && !evicted)
        worse(
          'fail',
          `${ns}/${name} Failed (OOMKilled, exit ${oom.exitCode})`,
          'resource-pressure',
          30,
          'terminated',
          `OOM-killed (exit ${oom.exitCode})`,
          oom.finishedAt ?? when ?? undefined,
        );
      else
        worse(
          'fail',
          `${ns}/${name} ${evicted ? 'Evicted' : 'Failed'}`,
          evicted ? 'resource-pressure' : 'environment-not-ready',
          evicted ? 30 : 20,
          evicted ? 'evicted' : 'terminated',
          evicted ? `evicted: ${(pod.status.message ?? '').trim() || 'no message'}` : undefined,
          when ?? undefined,
        );
    }
    const scheduled = pod.status.conditions?.find((c) => c.type === 'PodScheduled');
    if (phase === 'Pending' && scheduled?.status === 'False') {
      const event = latestEvent((warnings ??= warningsByPod(input.events)), ns, name, 'FailedScheduling');
      const message = scheduled.message ?? event?.message ?? 'no reason given';
      lines.push({ text: `Pending, not scheduled (${scheduled.reason ?? 'Unschedulable'}): ${message}`, time: scheduled.lastTransitionTime ?? undefined });
      if (event) lines.push({ text: `FailedScheduling ×${eventCount(event)}, last at ${eventTime(event)}`, time: eventTime(event) });
      const b: Bucket = /Insufficient (memory|cpu)|memory-pressure|disk-pressure/i.test(message) ? 'resource-pressure' : 'environment-not-ready';
      worse('fail', `${ns}/${name} Pending (${/Insufficient \w+/.exec(message)?.[0] ?? scheduled.reason ?? 'Unschedulable'})`, b, 35, 'pending');
    } else if (phase === 'Unknown') {
      lines.push({ text: `phase Unknown: the node stopped reporting (${pod.spec.nodeName ?? 'no node'})` });
      worse('fail', `${ns}/${name} Unknown`, 'environment-not-ready', 25, 'node', `pod Unknown: node ${pod.spec.nodeName ?? '?'} stopped reporting`);
    }

    const statuses = [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])];
    const initNames = new Set((pod.status.initContainerStatuses ?? []).map((s) => s.name));
    for (const cs of statuses) {
      const isInit = initNames.has(cs.name);
      const label = `${isInit ? 'init container' : 'container'} ${cs.name}`;
      const last = cs.lastState?.terminated;
      const lastText = last ? `last terminated ${termination(last)} at ${last.finishedAt ?? 'unknown time'}, ${plural(cs.restartCount, 'restart')}` : undefined;
      const waiting = cs.state?.waiting;
      if (waiting?.reason && WAITING_BUCKET[waiting.reason]) {
        const reason = waiting.reason;
        let b = WAITING_BUCKET[reason]!;
        if (reason === 'CrashLoopBackOff' && last?.reason === 'OOMKilled') b = 'resource-pressure';
        if (reason === 'ImagePullBackOff' || reason === 'ErrImagePull') b = imagePullBucket(waiting.message ?? '');
        lines.push({ text: `${label} waiting: ${reason}${waiting.message ? `: ${waiting.message}` : ''}` });
        if (lastText) lines.push({ text: `${label} ${lastText}`, time: last?.finishedAt ?? undefined });
        const why = reason === 'CrashLoopBackOff' && last ? ` (last: ${last.reason ?? `exit ${last.exitCode}`}, ${plural(cs.restartCount, 'restart')})` : '';
        // A crash loop whose last death was an OOM kill is the OOM kill, seen again and again.
        const oomLoop = reason === 'CrashLoopBackOff' && last?.reason === 'OOMKilled';
        worse(
          'fail',
          `${ns}/${name} ${reason}${why}`,
          b,
          WAITING_WEIGHT[reason] ?? 30,
          oomLoop ? 'terminated' : 'waiting',
          oomLoop ? `OOM-killed (exit ${last!.exitCode}), crash-looping (${plural(cs.restartCount, 'restart')})` : undefined,
          last?.finishedAt ?? undefined,
        );
        if (last) replay = o.kubectl('logs', '-n', ns, name, '-c', cs.name, '--previous');
        continue;
      }
      if (waiting && phase !== 'Pending') {
        lines.push({ text: `${label} waiting: ${waiting.reason ?? 'no reason'}` });
      }
      if (waiting && (waiting.reason === 'ContainerCreating' || waiting.reason === 'PodInitializing')) {
        const waited = since(pod.status.startTime ?? pod.metadata.creationTimestamp, o.now) ?? 0;
        if (waited > STUCK_CREATING_MS) {
          lines.push({
            text: `${label} ${waiting.reason} for ${age(pod.status.startTime ?? pod.metadata.creationTimestamp, o.now)}`,
            time: pod.status.startTime ?? undefined,
          });
          worse('fail', `${ns}/${name} stuck in ${waiting.reason}`, 'environment-not-ready', 15, 'waiting');
        }
        continue;
      }
      if (cs.state?.running && !cs.ready && !isInit && !pod.metadata.deletionTimestamp) {
        const ready = pod.status.conditions?.find((c) => c.type === 'Ready');
        lines.push({
          text: `${label} running but not ready${ready?.lastTransitionTime ? ` since ${ready.lastTransitionTime}` : ''}`,
          time: ready?.lastTransitionTime ?? undefined,
        });
        worse('fail', `${ns}/${name} not ready`, 'environment-not-ready', 10, 'not-ready');
      }
      if (last && cs.state?.running && lostWithNode(last)) {
        // A node that went down takes every pod on it: one finding for all of them, below the real ones.
        if ((since(last.finishedAt, o.now) ?? Infinity) <= NODE_RESTART_WINDOW_MS) {
          nodeRestarts.push({
            pod: `${ns}/${name}`,
            container: cs.name,
            node: pod.spec.nodeName ?? '?',
            finishedAt: last.finishedAt ?? undefined,
            restarts: cs.restartCount,
          });
        }
        continue;
      }
      if (last && cs.state?.running) {
        const recent = (since(last.finishedAt, o.now) ?? Infinity) <= RECENT_MS;
        if (recent && (last.reason !== 'Completed' || last.exitCode !== 0)) {
          lines.push({ text: `${label} ${lastText}; running again since ${cs.state.running.startedAt ?? 'unknown'}`, time: last.finishedAt ?? undefined });
          const oom = last.reason === 'OOMKilled';
          worse(
            'warn',
            `${ns}/${name} restarted after ${last.reason ?? `exit ${last.exitCode}`} ${age(last.finishedAt, o.now)} ago (${plural(cs.restartCount, 'restart')})`,
            oom ? 'resource-pressure' : 'environment-not-ready',
            oom ? 20 : 10,
            'terminated',
            oom ? `OOM-killed (exit ${last.exitCode}) and restarted (${plural(cs.restartCount, 'restart')})` : undefined,
            last.finishedAt ?? undefined,
          );
          if (status === 'warn') replay = o.kubectl('logs', '-n', ns, name, '-c', cs.name, '--previous');
        }
      }
    }
    if (pod.metadata.deletionTimestamp) {
      const stuck = (since(pod.metadata.deletionTimestamp, o.now) ?? 0) > STUCK_CREATING_MS;
      if (stuck) {
        lines.push({ text: `Terminating since ${pod.metadata.deletionTimestamp}`, time: pod.metadata.deletionTimestamp });
        worse('warn', `${ns}/${name} stuck Terminating`, 'replay-dedupe', 5, 'leftover');
      }
    }
    if (!status) {
      if (phase === 'Running') running++;
      continue;
    }
    // The kubelet's latest complaint often names the cause (a missing secret, a probe, a mount).
    const warning = latestEvent((warnings ??= warningsByPod(input.events)), ns, name);
    if (warning && warning.reason !== 'FailedScheduling') {
      lines.push({ text: `latest warning ${warning.reason} ×${eventCount(warning)}: ${(warning.message ?? '').trim()}`, time: eventTime(warning) });
    }
    findings.push({
      status,
      headline,
      source,
      lines,
      bucket,
      replay: replay ?? o.kubectl('describe', 'pod', '-n', ns, name),
      weight,
      kind,
      ...(phrase ? { phrase } : {}),
      ...(time ? { time } : {}),
    });
  }
  if (nodeRestarts.length) findings.push(nodeRestartFinding(nodeRestarts, o));
  const total = input.pods.length;
  const scope = new Set(input.pods.map((p) => p.metadata.namespace)).size;
  return conclude(findings, {
    problem: (n) => `${plural(n, 'pod')} not healthy`,
    quiet: total
      ? `${plural(total, 'pod')} in ${plural(scope, 'namespace')}: ${running} Running and Ready${completed ? `, ${completed} completed` : ''}; no restarts in the last hour`
      : 'no pods in the namespaces looked at',
    replay: o.kubectl('get', 'pods', ...o.scope, '-o', 'wide'),
  });
}

export const podsCheck = kubeCheck({
  name: 'pods',
  step: 'environment',
  title: 'Pods Running and Ready',
  async run(ctx, cluster) {
    const [pods, events] = await Promise.all([listObjects(ctx, cluster, 'pods', '', podSchema), listObjects(ctx, cluster, 'events', '', eventSchema)]);
    return runInTurns(podSteps({ pods, events }, analyzeOptions(ctx, cluster)));
  },
});
