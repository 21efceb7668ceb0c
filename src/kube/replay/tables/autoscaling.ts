// HorizontalPodAutoscalers (autoscaling/v2), as the API server prints them.
import { ageColumn, arr, nameColumn, num, obj, since, str, type Printer } from './table';

/** TARGETS: `cpu: 95%/80%, memory: 310Mi/300Mi`, at most two then `+ N more...`. */
function targets(specs: Record<string, unknown>[], statuses: Record<string, unknown>[]): string {
  const list: string[] = [];
  for (const [i, spec] of specs.entries()) {
    if (list.length === 2) return `${list.join(', ')} + ${specs.length - 2} more...`;
    const type = str(spec.type);
    const source = obj(spec[type.charAt(0).toLowerCase() + type.slice(1)]);
    const current = obj(obj(statuses[i]?.[type.charAt(0).toLowerCase() + type.slice(1)]).current);
    const target = obj(source.target);
    const name = type === 'Resource' || type === 'ContainerResource' ? str(source.name) : str(obj(source.metric).name) || type.toLowerCase();
    if (target.averageUtilization !== undefined) {
      const now = current.averageUtilization !== undefined ? `${num(current.averageUtilization)}%` : '<unknown>';
      list.push(`${name}: ${now}/${num(target.averageUtilization)}%`);
    } else {
      const want = str(target.averageValue) || str(target.value) || '<auto>';
      const have = str(current.averageValue) || str(current.value) || '<unknown>';
      list.push(`${name}: ${have}/${want}`);
    }
  }
  return list.length ? list.join(', ') : '<none>';
}

export const hpaPrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Reference', type: 'string', description: 'Reference to the scaled target' },
    { name: 'Targets', type: 'string', description: 'Current and target metrics' },
    { name: 'MinPods', type: 'string', description: 'Lower limit for the number of pods' },
    { name: 'MaxPods', type: 'integer', description: 'Upper limit for the number of pods' },
    { name: 'Replicas', type: 'integer', description: 'Current number of replicas' },
    ageColumn,
  ],
  cells(o, now) {
    const spec = obj((o as Record<string, unknown>).spec);
    const status = obj((o as Record<string, unknown>).status);
    const ref = obj(spec.scaleTargetRef);
    return [
      o.metadata.name,
      `${str(ref.kind)}/${str(ref.name)}`,
      targets(arr(spec.metrics), arr(status.currentMetrics)),
      typeof spec.minReplicas === 'number' ? String(spec.minReplicas) : '<unset>',
      num(spec.maxReplicas),
      num(status.currentReplicas),
      since(o.metadata.creationTimestamp, now),
    ];
  },
};
