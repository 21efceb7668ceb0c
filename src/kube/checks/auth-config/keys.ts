// Secrets and ConfigMaps, with the keys the plan requires and the keys pods reference
// (env, envFrom, volumes), exist. Names and keys only: a value is never read into evidence.
import type { Plan } from '../../../plan/schema';
import { keyedObjects, podSchema, replicaSetSchema, type KeyedObject, type Pod, type PodContainer } from '../../analyze/resources';
import { indexReplicaSets, workloadOf, workloadSource } from '../../analyze/owners';
import { conclude, plural, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, listObjects, type AnalyzeOptions } from '../kit';
import type { ClusterSource } from '../../../model/cluster';

type Kind = 'Secret' | 'ConfigMap';

export interface KeyRequirement {
  kind: Kind;
  /** Undefined: any namespace will do (a plan entry without one, when the plan names none). */
  namespace?: string;
  name: string;
  keys: string[];
  /** Who needs it: `the plan`, `shop/deployment/checkout env PAYMENTS_API_TOKEN`. */
  neededBy: string;
}

/** Every non-optional Secret/ConfigMap reference in a pod's containers and volumes. */
export function podRequirements(pod: Pod, neededBy: string): KeyRequirement[] {
  const ns = pod.metadata.namespace ?? '';
  const out: KeyRequirement[] = [];
  const containers: PodContainer[] = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  for (const c of containers) {
    for (const env of c.env ?? []) {
      const s = env.valueFrom?.secretKeyRef;
      if (s?.name && !s.optional) out.push({ kind: 'Secret', namespace: ns, name: s.name, keys: [s.key], neededBy: `${neededBy} ${c.name} env ${env.name}` });
      const m = env.valueFrom?.configMapKeyRef;
      if (m?.name && !m.optional)
        out.push({ kind: 'ConfigMap', namespace: ns, name: m.name, keys: [m.key], neededBy: `${neededBy} ${c.name} env ${env.name}` });
    }
    for (const from of c.envFrom ?? []) {
      if (from.secretRef?.name && !from.secretRef.optional)
        out.push({ kind: 'Secret', namespace: ns, name: from.secretRef.name, keys: [], neededBy: `${neededBy} ${c.name} envFrom` });
      if (from.configMapRef?.name && !from.configMapRef.optional)
        out.push({ kind: 'ConfigMap', namespace: ns, name: from.configMapRef.name, keys: [], neededBy: `${neededBy} ${c.name} envFrom` });
    }
  }
  for (const v of pod.spec.volumes ?? []) {
    const sources = [
      v.secret ? { kind: 'Secret' as const, name: v.secret.secretName, items: v.secret.items, optional: v.secret.optional } : undefined,
      v.configMap ? { kind: 'ConfigMap' as const, name: v.configMap.name, items: v.configMap.items, optional: v.configMap.optional } : undefined,
      ...(v.projected?.sources ?? []).flatMap((p) => [
        p.secret ? { kind: 'Secret' as const, name: p.secret.name, items: p.secret.items, optional: p.secret.optional } : undefined,
        p.configMap ? { kind: 'ConfigMap' as const, name: p.configMap.name, items: p.configMap.items, optional: p.configMap.optional } : undefined,
      ]),
    ];
    for (const s of sources) {
      if (!s?.name || s.optional) continue;
      out.push({ kind: s.kind, namespace: ns, name: s.name, keys: (s.items ?? []).map((i) => i.key), neededBy: `${neededBy} volume ${v.name}` });
    }
  }
  return out;
}

/** The plan's requiredSecrets/requiredConfigMaps, in each plan namespace when an entry names none. */
export function planRequirements(plan: Pick<Plan, 'requiredSecrets' | 'requiredConfigMaps' | 'namespaces'>): KeyRequirement[] {
  const expand = (kind: Kind, refs: Plan['requiredSecrets']) =>
    refs.flatMap((r) =>
      (r.namespace ? [r.namespace] : plan.namespaces.length ? plan.namespaces : [undefined]).map((namespace) => ({
        kind,
        namespace,
        name: r.name,
        keys: r.keys,
        neededBy: 'the plan',
      })),
    );
  return [...expand('Secret', plan.requiredSecrets), ...expand('ConfigMap', plan.requiredConfigMaps)];
}

interface KeysInput {
  requirements: readonly KeyRequirement[];
  secrets: readonly KeyedObject[];
  configMaps: readonly KeyedObject[];
}

/**
 * Objects the cluster itself publishes into every namespace (or every pod): a pod's reference to
 * one is met by the control plane, and a bundle that did not capture it has not lost it.
 * kube-root-ca.crt: the root CA publisher puts it in every namespace (Kubernetes 1.20+), and the
 * service-account admission plugin projects it into every pod's kube-api-access-* volume.
 * openshift-service-ca.crt: OpenShift's equivalent in every namespace.
 */
const AUTO_MANAGED: Record<Kind, ReadonlySet<string>> = {
  ConfigMap: new Set(['kube-root-ca.crt', 'openshift-service-ca.crt']),
  Secret: new Set(),
};

export function analyzeKeys(input: KeysInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  const stores: Record<Kind, readonly KeyedObject[]> = { Secret: input.secrets, ConfigMap: input.configMaps };
  // One finding per object: every key anyone needs from it, and who needs it.
  const byObject = new Map<string, KeyRequirement[]>();
  for (const r of input.requirements) {
    const key = `${r.kind}\u0000${r.namespace ?? '*'}\u0000${r.name}`;
    if (!byObject.has(key)) byObject.set(key, []);
    byObject.get(key)!.push(r);
  }
  const findings: Finding[] = [];
  for (const reqs of byObject.values()) {
    const { kind, namespace, name } = reqs[0]!;
    const candidates = stores[kind].filter((s) => s.name === name && (namespace === undefined || s.namespace === namespace));
    const where = namespace ? `${namespace}/${name}` : `${name} (any namespace)`;
    const source = `${namespace ?? '*'}/${kind.toLowerCase()}/${name}`;
    const who = [...new Set(reqs.map((r) => r.neededBy))];
    const whoText = `${who.slice(0, 3).join('; ')}${who.length > 3 ? `; and ${who.length - 3} more` : ''}`;
    const replay = o.kubectl('describe', kind.toLowerCase(), ...(namespace ? ['-n', namespace] : ['-A']), name);
    if (!candidates.length) {
      // The plan may still name one explicitly; only references the cluster fills in are skipped.
      if (AUTO_MANAGED[kind].has(name) && reqs.every((r) => r.neededBy !== 'the plan')) continue;
      findings.push({
        status: 'fail',
        headline: `${kind} ${where} missing`,
        source,
        lines: [{ text: `${kind} ${where} does not exist; needed by ${whoText}` }],
        bucket: 'auth-config-mismatch',
        replay: o.kubectl('get', kind.toLowerCase(), ...(namespace ? ['-n', namespace] : ['-A'])),
        weight: 10,
      });
      continue;
    }
    const lines: Finding['lines'] = [];
    for (const have of candidates) {
      // A Secret captured as metadata only: present is all that can be said.
      const missing = have.keysKnown ? [...new Set(reqs.flatMap((r) => r.keys))].filter((k) => !have.keys.includes(k)) : [];
      if (!missing.length) {
        lines.length = 0;
        break;
      }
      const needing = reqs.filter((r) => r.keys.some((k) => missing.includes(k))).map((r) => r.neededBy);
      lines.push({
        text: `${kind} ${have.namespace}/${name} lacks ${plural(missing.length, 'key')} ${missing.join(', ')} (has ${have.keys.join(', ') || 'no keys'}); needed by ${[...new Set(needing)].slice(0, 3).join('; ')}`,
      });
    }
    if (!lines.length) continue;
    findings.push({ status: 'fail', headline: `${kind} ${where} lacks keys`, source, lines, bucket: 'auth-config-mismatch', replay, weight: 8 });
  }
  const secrets = [...byObject.values()].filter((r) => r[0]!.kind === 'Secret').length;
  const configMaps = byObject.size - secrets;
  return conclude(findings, {
    kind: 'access',
    problem: (n) => `${plural(n, 'secret or config map', 'secrets or config maps')} missing or short of keys`,
    quiet: byObject.size
      ? `${plural(secrets, 'secret')} and ${plural(configMaps, 'config map')} needed by the plan and pods, all present with their keys`
      : 'nothing in the plan or the pods needs a secret or config map',
    replay: o.kubectl('get', 'secrets,configmaps', ...o.scope),
  });
}

export const keysCheck = kubeCheck({
  name: 'keys',
  step: 'auth-config',
  title: 'Secrets and config keys present',
  async run(ctx, cluster) {
    const requirements = planRequirements(ctx.plan);
    // A plan entry may name a namespace the plan does not otherwise look at.
    const namespaces = ctx.plan.namespaces.length
      ? [...new Set([...ctx.plan.namespaces, ...requirements.flatMap((r) => (r.namespace ? [r.namespace] : []))])]
      : [];
    const [pods, replicaSets, secrets, configMaps] = await Promise.all([
      listObjects(ctx, cluster, 'pods', '', podSchema),
      listObjects(ctx, cluster, 'replicasets', 'apps', replicaSetSchema),
      namesAndKeys(cluster, 'secrets', namespaces),
      namesAndKeys(cluster, 'configmaps', namespaces),
    ]);
    const rsIndex = indexReplicaSets(replicaSets);
    // One pod speaks for its workload revision: its siblings reference the same objects.
    const seen = new Set<string>();
    for (const pod of pods) {
      const workload = workloadOf(pod, rsIndex);
      const revision = `${workloadSource(workload)}/${workload.replicaSet ?? pod.metadata.labels?.['controller-revision-hash'] ?? ''}`;
      if (seen.has(revision)) continue;
      seen.add(revision);
      requirements.push(...podRequirements(pod, workloadSource(workload)));
    }
    return analyzeKeys({ requirements, secrets, configMaps }, analyzeOptions(ctx, cluster));
  },
});

/** Secrets or ConfigMaps in these namespaces (all when none), reduced to names and keys at once. */
export async function namesAndKeys(cluster: ClusterSource, plural: 'secrets' | 'configmaps', namespaces: readonly string[]): Promise<KeyedObject[]> {
  const lists = namespaces.length ? await Promise.all(namespaces.map((ns) => cluster.list(plural, '', ns))) : [await cluster.list(plural, '')];
  return lists.flatMap((list) => keyedObjects(list, plural));
}
