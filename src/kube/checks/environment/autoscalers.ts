// Autoscalers pinned at maxReplicas (with the metric against its target), or unable to scale.
import { hpaSchema, type HorizontalPodAutoscaler, type MetricSpec } from '../../analyze/resources';
import { conclude, plural, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';

interface MetricReading {
  text: string;
  /** The metric is above its target: the autoscaler still wants more replicas. */
  over: boolean;
}

function body(m: MetricSpec) {
  return m.resource ?? m.containerResource ?? m.pods ?? m.object ?? m.external;
}

function metricName(m: MetricSpec): string {
  const b = body(m);
  return b?.name ?? b?.metric?.name ?? m.type;
}

/** A quantity as the API prints it (`721453056`, `92m`, `1.5Gi`) as a number, for comparison only. */
function quantity(q: string | number | null | undefined): number | undefined {
  if (q === null || q === undefined) return undefined;
  if (typeof q === 'number') return q;
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return undefined;
  const scale: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  const s = scale[m[2]!];
  return s === undefined ? undefined : Number(m[1]) * s;
}

function readings(h: HorizontalPodAutoscaler): MetricReading[] {
  return (h.spec.metrics ?? []).map((spec) => {
    const name = metricName(spec);
    const current = body((h.status.currentMetrics ?? []).find((c) => c.type === spec.type && metricName(c) === name) ?? spec)?.current;
    const target = body(spec)?.target;
    if (target?.averageUtilization != null) {
      const now = current?.averageUtilization;
      const kind = spec.type === 'Resource' || spec.type === 'ContainerResource' ? ' of request' : '';
      return {
        text: `${name} ${now ?? 'unknown'}%${kind} (target ${target.averageUtilization}%)`,
        over: now != null && now > target.averageUtilization,
      };
    }
    const t = target?.averageValue ?? target?.value;
    const c = current?.averageValue ?? current?.value;
    const [tn, cn] = [quantity(t), quantity(c)];
    return { text: `${name} ${c ?? 'unknown'} (target ${t ?? 'unknown'})`, over: tn !== undefined && cn !== undefined && cn > tn };
  });
}

export function analyzeAutoscalers(hpas: readonly HorizontalPodAutoscaler[], o: AnalyzeOptions): ReturnType<typeof conclude> {
  const findings: Finding[] = [];
  for (const h of hpas) {
    const ns = h.metadata.namespace ?? '';
    const name = h.metadata.name;
    const max = h.spec.maxReplicas;
    const current = h.status.currentReplicas ?? 0;
    const desired = h.status.desiredReplicas ?? current;
    const conditions = h.status.conditions ?? [];
    const limited = conditions.find((c) => c.type === 'ScalingLimited' && c.status === 'True');
    // AbleToScale=False (FailedGetScale, BackoffBoth…) or ScalingActive=False: the autoscaler is blind or stuck,
    // whatever its replica counts say; a real FailedGetScale HPA often carries AbleToScale=False alone.
    const blind = conditions.filter((c) => (c.type === 'AbleToScale' || c.type === 'ScalingActive') && c.status === 'False');
    const inactive = blind[0];
    const metrics = readings(h);
    const target = `${h.spec.scaleTargetRef.kind.toLowerCase()}/${h.spec.scaleTargetRef.name}`;
    const replay = o.kubectl('describe', 'hpa', '-n', ns, name);
    const source = `${ns}/horizontalpodautoscaler/${name}`;
    if (current >= max && max > 0) {
      const wantsMore = metrics.some((m) => m.over) || limited?.reason === 'TooManyReplicas' || desired > max;
      const lines: Finding['lines'] = [
        {
          text: `${target} at ${current}/${max} replicas (maxReplicas), desired ${desired}, min ${h.spec.minReplicas ?? 1}`,
          time: h.status.lastScaleTime ?? undefined,
        },
        ...(metrics.length ? [{ text: `metrics: ${metrics.map((m) => m.text).join('; ')}` }] : []),
      ];
      if (limited?.reason === 'TooManyReplicas')
        lines.push({
          text: `ScalingLimited (${limited.reason ?? ''}): ${limited.message ?? ''} since ${limited.lastTransitionTime ?? 'unknown'}`,
          time: limited.lastTransitionTime ?? undefined,
        });
      const over = metrics.filter((m) => m.over).map((m) => m.text);
      findings.push({
        status: wantsMore ? 'fail' : 'warn',
        headline: `${ns}/${name} pinned at maxReplicas ${max}${over.length ? ` with ${over[0]}` : ''}`,
        source,
        lines,
        bucket: 'resource-pressure',
        replay,
        weight: wantsMore ? 20 : 5,
      });
    } else if (inactive) {
      findings.push({
        status: 'warn',
        headline: `${ns}/${name} cannot scale (${inactive.reason ?? `${inactive.type}=False`})`,
        source,
        lines: blind.map((c) => ({ text: `${c.type}=False (${c.reason ?? ''}): ${c.message ?? ''}`, time: c.lastTransitionTime ?? undefined })),
        bucket: 'weak-observability',
        replay,
        weight: 3,
      });
    }
  }
  return conclude(findings, {
    kind: 'autoscaler',
    problem: (n) => `${plural(n, 'autoscaler')} at the limit or blind`,
    quiet: hpas.length ? `${plural(hpas.length, 'autoscaler')}, all below maxReplicas` : 'no horizontal pod autoscalers',
    replay: o.kubectl('get', 'hpa', ...o.scope),
  });
}

export const autoscalersCheck = kubeCheck({
  name: 'autoscalers',
  step: 'environment',
  title: 'Autoscalers below maxReplicas',
  async run(ctx, cluster) {
    return analyzeAutoscalers(await listObjects(ctx, cluster, 'horizontalpodautoscalers', 'autoscaling', hpaSchema), analyzeOptions(ctx, cluster));
  },
});
