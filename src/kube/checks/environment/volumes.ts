// PersistentVolumeClaims that are not Bound, with the provisioner's latest word.
import { eventSchema, pvcSchema, type KubeEvent, type PersistentVolumeClaim } from '../../analyze/resources';
import { conclude, plural, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';
import { eventCount, eventTime } from '../../analyze/events';

interface VolumeInput {
  claims: readonly PersistentVolumeClaim[];
  events?: readonly KubeEvent[];
}

export function analyzeVolumes(input: VolumeInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  const findings: Finding[] = [];
  for (const claim of input.claims) {
    const phase = claim.status.phase ?? 'Pending';
    if (phase === 'Bound') continue;
    const ns = claim.metadata.namespace ?? '';
    const name = claim.metadata.name;
    const related = (input.events ?? [])
      .filter(
        (e) =>
          e.involvedObject.kind === 'PersistentVolumeClaim' && e.involvedObject.name === name && (e.involvedObject.namespace ?? e.metadata.namespace) === ns,
      )
      .sort((a, b) => Date.parse(eventTime(b)) - Date.parse(eventTime(a)));
    const latest = related[0];
    // Waiting for the first pod that uses it is how WaitForFirstConsumer classes work, not a fault.
    const waitingForConsumer = latest?.reason === 'WaitForFirstConsumer';
    const lines: Finding['lines'] = [
      {
        text: `${phase}, storage class ${claim.spec.storageClassName ?? '(default)'}, created ${claim.metadata.creationTimestamp ?? 'unknown'}`,
        time: claim.metadata.creationTimestamp ?? undefined,
      },
      ...related.slice(0, 3).map((e) => ({ text: `${e.reason} ×${eventCount(e)}: ${e.message ?? ''}`, time: eventTime(e) })),
    ];
    findings.push({
      status: waitingForConsumer ? 'warn' : 'fail',
      headline: `${ns}/${name} ${phase}${latest?.reason ? ` (${latest.reason})` : ''}`,
      source: `${ns}/persistentvolumeclaim/${name}`,
      lines,
      bucket: 'environment-not-ready',
      replay: o.kubectl('describe', 'pvc', '-n', ns, name),
      weight: phase === 'Lost' ? 10 : 5,
    });
  }
  return conclude(findings, {
    kind: 'volume',
    problem: (n) => `${plural(n, 'volume claim')} not Bound`,
    quiet: input.claims.length ? `${plural(input.claims.length, 'volume claim')}, all Bound` : 'no persistent volume claims',
    replay: o.kubectl('get', 'pvc', ...o.scope),
  });
}

export const volumesCheck = kubeCheck({
  name: 'volumes',
  step: 'environment',
  title: 'Volume claims Bound',
  async run(ctx, cluster) {
    const claims = await listObjects(ctx, cluster, 'persistentvolumeclaims', '', pvcSchema);
    // Events only matter for claims that are not Bound; skip the list when all are.
    const events = claims.some((c) => c.status.phase !== 'Bound') ? await listObjects(ctx, cluster, 'events', '', eventSchema) : [];
    return analyzeVolumes({ claims, events }, analyzeOptions(ctx, cluster));
  },
});
