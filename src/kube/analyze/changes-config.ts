// Config map and secret writes, by name only, with the workloads that read them.
import type { Change } from '../../checks/change-timeline';
import type { AnalyzeOptions } from '../checks/kit';
import { workloadName } from './findings';
import { controllerOf, indexReplicaSets, workloadOf } from './owners';
import type { KeyedObject, PodTemplate } from './resources';
import { firstFew, within, type ChangeInput, type ChangeWindow } from './changes-input';

/** Which workloads read a config map or secret, by name, from pod and ReplicaSet templates. */
function readers(input: ChangeInput): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (kind: string, namespace: string, name: string | undefined, workload: string) => {
    if (!name) return;
    const key = `${kind}/${namespace}/${name}`;
    if (!out.has(key)) out.set(key, new Set());
    out.get(key)!.add(workload);
  };
  const visit = (namespace: string, spec: PodTemplate['spec'], workload: string) => {
    for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
      for (const e of c.env ?? []) {
        add('secret', namespace, e.valueFrom?.secretKeyRef?.name, workload);
        add('configmap', namespace, e.valueFrom?.configMapKeyRef?.name, workload);
      }
      for (const f of c.envFrom ?? []) {
        add('secret', namespace, f.secretRef?.name, workload);
        add('configmap', namespace, f.configMapRef?.name, workload);
      }
    }
    for (const v of spec?.volumes ?? []) {
      add('secret', namespace, v.secret?.secretName, workload);
      add('configmap', namespace, v.configMap?.name, workload);
      for (const p of v.projected?.sources ?? []) {
        add('secret', namespace, p.secret?.name, workload);
        add('configmap', namespace, p.configMap?.name, workload);
      }
    }
  };
  const rsIndex = indexReplicaSets(input.replicaSets);
  for (const pod of input.pods) {
    const w = workloadOf(pod, rsIndex);
    // A ReplicaSet the list did not hold still names its Deployment before the hash.
    visit(pod.metadata.namespace ?? '', pod.spec, w.kind === 'ReplicaSet' ? workloadName('replicaset', w.name) : w.name);
  }
  for (const rs of input.replicaSets) {
    const owner = controllerOf(rs.metadata);
    visit(rs.metadata.namespace ?? '', rs.spec.template?.spec, owner?.name ?? rs.metadata.name);
  }
  return out;
}

/** Written by the cluster itself in every namespace: no one's change. */
const CLUSTER_MANAGED_CONFIG = new Set(['kube-root-ca.crt']);
const CLUSTER_MANAGED_SECRET_TYPES = new Set(['kubernetes.io/service-account-token']);

export function configChanges(input: ChangeInput, w: ChangeWindow, o: AnalyzeOptions): Change[] {
  // Who reads what is a walk over every pod template: only worth it when something was written.
  let readBy: Map<string, Set<string>> | undefined;
  const changes: Change[] = [];
  const visit = (kind: 'configmap' | 'secret', obj: KeyedObject) => {
    if (kind === 'configmap' && CLUSTER_MANAGED_CONFIG.has(obj.name)) return;
    if (kind === 'secret' && obj.type && CLUSTER_MANAGED_SECRET_TYPES.has(obj.type)) return;
    const time = obj.updatedAt ?? obj.creationTimestamp;
    if (!within(time, w)) return;
    const columns = `custom-columns=NAME:.metadata.name,CREATED:.metadata.creationTimestamp,UPDATED:.metadata.managedFields[*].time,BY:.metadata.managedFields[*].manager`;
    const replay = o.kubectl('get', kind, '-n', obj.namespace, obj.name, '--show-managed-fields', '-o', columns);
    // Helm keeps each release revision as a Secret: a new one is an install or upgrade.
    if (kind === 'secret' && obj.type === 'helm.sh/release.v1') {
      const release = obj.labels.name ?? obj.name;
      changes.push({
        type: 'release',
        object: `${obj.namespace}/secret/${obj.name}`,
        subjects: [release],
        namespace: obj.namespace,
        bucket: 'version-drift',
        phrase: `Helm release ${release} revision ${obj.labels.version ?? '?'}${obj.labels.status ? ` (${obj.labels.status})` : ''}`,
        time,
        details: [],
        replay,
      });
      return;
    }
    const made = !obj.updatedAt || obj.updatedAt === obj.creationTimestamp;
    readBy ??= readers(input);
    const users = [...(readBy.get(`${kind}/${obj.namespace}/${obj.name}`) ?? [])].sort();
    const label = kind === 'configmap' ? 'config map' : 'secret';
    changes.push({
      type: kind === 'configmap' ? 'config' : 'secret',
      object: `${obj.namespace}/${kind}/${obj.name}`,
      subjects: users.length ? users : [obj.name],
      namespace: obj.namespace,
      bucket: 'auth-config-mismatch',
      phrase: `${label} ${obj.name} ${made ? 'created' : 'updated'}${!made && obj.updatedBy ? ` by ${obj.updatedBy}` : ''}${users.length ? `; read by ${firstFew(users)}` : ''}`,
      time,
      details: made || !obj.creationTimestamp ? [] : [{ text: `created ${obj.creationTimestamp}; last written ${obj.updatedAt}` }],
      replay,
    });
  };
  for (const c of input.configMaps) visit('configmap', c);
  for (const s of input.secrets) visit('secret', s);
  return changes;
}
