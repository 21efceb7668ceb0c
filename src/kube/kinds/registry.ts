// Every resource kind triage knows, in the order discovery lists them. Adding a kind: its
// file in this folder, one import and one entry here. Replay serves it (discovery, tables,
// watches), `triage capture` asks for it when it says `capture`, and a kind with workload
// relations can be followed by a log tail.
import type { KindSpec, ResourceType } from './kind';
import { namespaces } from './namespaces';
import { nodes } from './nodes';
import { pods } from './pods';
import { events } from './events';
import { services } from './services';
import { endpoints } from './endpoints';
import { configmaps } from './configmaps';
import { secrets } from './secrets';
import { serviceaccounts } from './serviceaccounts';
import { persistentvolumeclaims } from './persistentvolumeclaims';
import { persistentvolumes } from './persistentvolumes';
import { replicationcontrollers } from './replicationcontrollers';
import { resourcequotas } from './resourcequotas';
import { limitranges } from './limitranges';
import { deployments } from './deployments';
import { replicasets } from './replicasets';
import { statefulsets } from './statefulsets';
import { daemonsets } from './daemonsets';
import { controllerrevisions } from './controllerrevisions';
import { jobs } from './jobs';
import { cronjobs } from './cronjobs';
import { horizontalpodautoscalers } from './horizontalpodautoscalers';
import { ingresses } from './ingresses';
import { networkpolicies } from './networkpolicies';
import { poddisruptionbudgets } from './poddisruptionbudgets';
import { endpointslices } from './endpointslices';
import { storageclasses } from './storageclasses';
import { roles } from './roles';
import { rolebindings } from './rolebindings';
import { clusterroles } from './clusterroles';
import { clusterrolebindings } from './clusterrolebindings';
import { leases } from './leases';
import { customresourcedefinitions } from './customresourcedefinitions';

export const KINDS: readonly KindSpec[] = [
  namespaces,
  nodes,
  pods,
  events,
  services,
  endpoints,
  configmaps,
  secrets,
  serviceaccounts,
  persistentvolumeclaims,
  persistentvolumes,
  replicationcontrollers,
  resourcequotas,
  limitranges,
  deployments,
  replicasets,
  statefulsets,
  daemonsets,
  controllerrevisions,
  jobs,
  cronjobs,
  horizontalpodautoscalers,
  ingresses,
  networkpolicies,
  poddisruptionbudgets,
  endpointslices,
  storageclasses,
  roles,
  rolebindings,
  clusterroles,
  clusterrolebindings,
  leases,
  customresourcedefinitions,
];

const byResource = new Map(KINDS.map((k) => [`${k.plural}.${k.group}`, k]));

/** The kind served as `<plural>` in `<group>` ('' for the core group). */
export function kindOf(plural: string, group: string): KindSpec | undefined {
  return byResource.get(`${plural}.${group}`);
}

/** A kind by any name kubectl accepts for it: kind, singular, plural or short name, any case. */
export function kindNamed(name: string): KindSpec | undefined {
  const word = name.toLowerCase();
  return KINDS.find((k) => k.kind.toLowerCase() === word || k.singular === word || k.plural === word || k.shortNames?.includes(word));
}

/** The kinds whose pods a log tail can follow. */
export const FOLLOWABLE_KINDS: readonly KindSpec[] = KINDS.filter((k) => k.workload);

/** `deployment, replicaset, statefulset, daemonset or job`: what a person may follow. */
export function followableText(): string {
  const names = FOLLOWABLE_KINDS.map((k) => k.singular);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : (names[0] ?? '');
}

/** The discovery part of a kind: what a replay advertises and serves. */
export function resourceType(k: KindSpec): ResourceType {
  const { schema: _schema, printer: _printer, workload: _workload, ...type } = k;
  return type;
}
