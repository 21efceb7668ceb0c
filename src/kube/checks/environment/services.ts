// Services whose selector matches no ready pod, or only part of the workload behind it:
// "everything installs healthy, but the selector only sees N of M" (reference 000).
import {
  endpointsSchema,
  podSchema,
  replicaSetSchema,
  runInTurns,
  runNow,
  serviceSchema,
  type Endpoints,
  type Pod,
  type ReplicaSet,
  type Service,
  type Steps,
} from '../../analyze/resources';
import { indexReplicaSets, workloadOf, workloadSource } from '../../analyze/owners';
import { missingLabels } from '../../analyze/labels';
import { conclude, plural, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';

interface ServiceInput {
  services: readonly Service[];
  pods: readonly Pod[];
  replicaSets?: readonly ReplicaSet[];
  endpoints?: readonly Endpoints[];
}

const isReady = (p: Pod) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const isActive = (p: Pod) => p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed' && !p.metadata.deletionTimestamp;
/** Whether the pod carries every `[key, value]` of a selector's entries (read once per service, not once per pod). */
function selects(selector: readonly (readonly [string, string])[], p: Pod): boolean {
  const labels = p.metadata.labels;
  for (const [k, v] of selector) if (labels?.[k] !== v) return false;
  return true;
}

export function analyzeServices(input: ServiceInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  return runNow(serviceSteps(input, o));
}

/** analyzeServices in steps: one per pod indexed, one per service. */
function* serviceSteps(input: ServiceInput, o: AnalyzeOptions): Steps<ReturnType<typeof conclude>> {
  const findings: Finding[] = [];
  const replicaSets = indexReplicaSets(input.replicaSets ?? []);
  const podsByNs = new Map<string, Pod[]>();
  const workloadOfPod = new Map<Pod, string>();
  /** `ns` -> workload source -> its active pods. */
  const workloadsByNs = new Map<string, Map<string, Pod[]>>();
  for (const p of input.pods) {
    yield;
    if (!isActive(p)) continue;
    const ns = p.metadata.namespace ?? '';
    const w = workloadSource(workloadOf(p, replicaSets));
    workloadOfPod.set(p, w);
    if (!podsByNs.has(ns)) podsByNs.set(ns, []);
    podsByNs.get(ns)!.push(p);
    if (!workloadsByNs.has(ns)) workloadsByNs.set(ns, new Map());
    const byWorkload = workloadsByNs.get(ns)!;
    if (!byWorkload.has(w)) byWorkload.set(w, []);
    byWorkload.get(w)!.push(p);
  }
  const endpointsOf = new Map((input.endpoints ?? []).map((e) => [`${e.metadata.namespace ?? ''}/${e.metadata.name}`, e]));
  let checked = 0;
  for (const svc of input.services) {
    yield;
    const selector = svc.spec.selector ?? {};
    if (svc.spec.type === 'ExternalName' || !Object.keys(selector).length) continue;
    checked++;
    const ns = svc.metadata.namespace ?? '';
    const name = svc.metadata.name;
    const wanted = Object.entries(selector);
    const selectorText = wanted.map(([k, v]) => `${k}=${v}`).join(',');
    const inNs = podsByNs.get(ns) ?? [];
    const matched = inNs.filter((p) => selects(wanted, p));
    const ready = matched.filter(isReady);
    const source = `${ns}/service/${name}`;
    const replay = o.kubectl('get', 'pods', '-n', ns, '-o', 'wide', '-L', Object.keys(selector).join(','));
    const ep = endpointsOf.get(`${ns}/${name}`);
    const epLine = ep
      ? [
          {
            text: `endpoints: ${ep.subsets?.reduce((n, s) => n + (s.addresses?.length ?? 0), 0) ?? 0} ready, ${ep.subsets?.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0) ?? 0} not ready`,
          },
        ]
      : [];

    // Workloads behind the selected pods, and how much of each the selector covers.
    const partial: { workload: string; seen: number; total: number; readyTotal: number; left: Pod[] }[] = [];
    const workloads = workloadsByNs.get(ns) ?? new Map<string, Pod[]>();
    const behind = new Set(matched.map((p) => workloadOfPod.get(p)!));
    for (const w of behind) {
      const all = workloads.get(w) ?? [];
      const left = all.filter((p) => !selects(wanted, p));
      if (left.length) partial.push({ workload: w, seen: all.length - left.length, total: all.length, readyTotal: all.filter(isReady).length, left });
    }

    if (!matched.length) {
      // Pods that share a selector value under another key are the likely intended ones.
      const values = new Set(Object.values(selector));
      const near = inNs.filter((p) => Object.values(p.metadata.labels ?? {}).some((v) => values.has(v))).slice(0, 3);
      findings.push({
        status: 'fail',
        headline: `${ns}/${name} selector ${selectorText} matches no pod`,
        source,
        lines: [
          { text: `selector ${selectorText} matches none of ${plural(inNs.length, 'running pod')} in ${ns}` },
          ...near.map((p) => ({ text: `pod ${p.metadata.name} is not selected: ${missingLabels(p.metadata.labels, selector).join(', ')}` })),
          ...epLine,
        ],
        bucket: 'selector-label-mismatch',
        replay,
        weight: 20,
      });
    } else if (partial.length) {
      const lines: Finding['lines'] = [];
      for (const p of partial) {
        lines.push({ text: `selector ${selectorText} sees ${p.seen} of ${p.total} pods of ${p.workload} (${p.readyTotal} of the ${p.total} ready)` });
        for (const pod of p.left.slice(0, 3)) {
          const created = pod.metadata.creationTimestamp ?? undefined;
          lines.push({
            text: `not selected: ${pod.metadata.name}${isReady(pod) ? ' (ready)' : ''}, created ${created ?? 'unknown'}: ${missingLabels(pod.metadata.labels, selector).join(', ')}`,
            time: created,
          });
        }
      }
      const first = partial[0]!;
      findings.push({
        status: 'fail',
        headline: `${ns}/${name} sees ${first.seen} of ${first.total} pods of ${first.workload}`,
        source,
        lines: [...lines, ...epLine],
        bucket: 'selector-label-mismatch',
        replay,
        weight: 15,
      });
    } else if (!ready.length) {
      findings.push({
        status: 'fail',
        headline: `${ns}/${name} has no ready pod (${matched.length} selected)`,
        source,
        lines: [
          {
            text: `selector ${selectorText} matches ${plural(matched.length, 'pod')}, none ready: ${matched
              .slice(0, 3)
              .map((p) => p.metadata.name)
              .join(', ')}`,
          },
          ...epLine,
        ],
        bucket: 'environment-not-ready',
        kind: 'not-ready',
        replay,
        weight: 10,
      });
    } else {
      // The Endpoints object is the kube-proxy's view: a backend parked in notReadyAddresses gets
      // no traffic, even when the bundle's pod list (captured a moment apart) calls it ready.
      const notReady = (ep?.subsets ?? []).flatMap((s) => s.notReadyAddresses ?? []);
      if (notReady.length) {
        const names = notReady.map((a) =>
          a.targetRef?.name ? `${a.targetRef.kind?.toLowerCase() ?? 'pod'}/${a.targetRef.name} (${a.ip ?? 'no ip'})` : (a.ip ?? 'unknown'),
        );
        findings.push({
          status: 'warn',
          headline: `${ns}/${name} has ${plural(notReady.length, 'backend')} not ready in its endpoints`,
          source,
          lines: [...epLine, { text: `notReadyAddresses: ${names.slice(0, 4).join(', ')}${names.length > 4 ? `, and ${names.length - 4} more` : ''}` }],
          bucket: 'environment-not-ready',
          kind: 'not-ready',
          replay: o.kubectl('get', 'endpoints', '-n', ns, name, '-o', 'yaml'),
          weight: 6,
        });
      }
    }
  }
  return conclude(findings, {
    kind: 'selector',
    problem: (n) => `${plural(n, 'service')} with missing or partial backends`,
    quiet: checked ? `${plural(checked, 'service')} with selectors, each sees ready pods and whole workloads` : 'no services with selectors',
    replay: o.kubectl('get', 'endpoints', ...o.scope),
  });
}

export const servicesCheck = kubeCheck({
  name: 'services',
  step: 'environment',
  title: 'Service selectors see their pods',
  async run(ctx, cluster) {
    const [services, pods, replicaSets, endpoints] = await Promise.all([
      listObjects(ctx, cluster, 'services', '', serviceSchema),
      listObjects(ctx, cluster, 'pods', '', podSchema),
      listObjects(ctx, cluster, 'replicasets', 'apps', replicaSetSchema),
      listObjects(ctx, cluster, 'endpoints', '', endpointsSchema),
    ]);
    return runInTurns(serviceSteps({ services, pods, replicaSets, endpoints }, analyzeOptions(ctx, cluster)));
  },
});
