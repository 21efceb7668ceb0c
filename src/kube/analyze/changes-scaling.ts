// Autoscaler rescales, and the Deployment scale each one causes folded into it.
import type { Change } from '../../checks/change-timeline';
import type { AnalyzeOptions } from '../checks/kit';
import { eventCount, eventTime } from './events';
import type { HorizontalPodAutoscaler } from './resources';
import { lowerFirst, within, type ChangeInput, type ChangeWindow } from './changes-input';

/** `New size: 4; reason: memory resource utilization (percentage of request) above target`. */
function rescaleOf(message: string | null | undefined): { size?: string; reason?: string } {
  const m = /New size: (\d+)(?:; reason: (.*))?/.exec(message ?? '');
  return m ? { size: m[1], ...(m[2] ? { reason: m[2] } : {}) } : {};
}

export function rescales(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
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

/** How soon after an autoscaler's rescale the Deployment's scale event follows as its consequence. */
const RESCALE_ECHO_MS = 30_000;

/** An autoscaler's rescale and the Deployment scale it causes are one change: the scale becomes its detail. */
export function mergeRescaleEchoes(changes: Change[]): Change[] {
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
