// Legacy discovery documents. kubectl first asks for aggregated discovery (apidiscovery.k8s.io/v2);
// a plain `application/json` answer makes it fall back to these, group by group.
import { groupVersion, type ReplayStore, type ServedType } from './store';

const READ_VERBS = ['get', 'list', 'watch'];

/** Access reviews are the one thing a replay answers to POST: they are questions, not writes. */
export const REVIEW_GROUPS = [
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resources: [
      { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview' },
      { name: 'selfsubjectrulesreviews', singularName: 'selfsubjectrulesreview', kind: 'SelfSubjectRulesReview' },
    ],
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    resources: [{ name: 'selfsubjectreviews', singularName: 'selfsubjectreview', kind: 'SelfSubjectReview' }],
  },
];

export function apiVersions(hostPort: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: hostPort }] };
}

function apiGroup(name: string, version: string) {
  const gv = { groupVersion: `${name}/${version}`, version };
  return { name, versions: [gv], preferredVersion: gv };
}

export function apiGroupList(store: ReplayStore) {
  const groups = [...store.groups(), ...REVIEW_GROUPS.map((g) => ({ name: g.group, version: g.version }))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => apiGroup(g.name, g.version)) };
}

export function apiGroupOf(store: ReplayStore, name: string) {
  const group = apiGroupList(store).groups.find((g) => g.name === name);
  return group && { kind: 'APIGroup', apiVersion: 'v1', ...group };
}

function resourceEntries(type: ServedType) {
  const main = {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: READ_VERBS,
    ...(type.shortNames ? { shortNames: type.shortNames } : {}),
    ...(type.categories ? { categories: type.categories } : {}),
  };
  const subresources = (type.subresources ?? []).map((s) => ({
    name: `${type.plural}/${s.name}`,
    singularName: '',
    namespaced: type.namespaced,
    ...(s.group ? { group: s.group, version: s.version } : {}),
    kind: s.kind,
    verbs: ['get'],
  }));
  return [main, ...subresources];
}

/** `/api/v1` or `/apis/<group>/<version>`, or undefined when nothing is served there. */
export function apiResourceList(store: ReplayStore, group: string, version: string) {
  const review = REVIEW_GROUPS.find((g) => g.group === group && g.version === version);
  if (review) {
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: `${group}/${version}`,
      resources: review.resources.map((r) => ({ ...r, namespaced: false, verbs: ['create'] })),
    };
  }
  const types = store.typesOf(group, version);
  if (types.length === 0) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources: types.flatMap(resourceEntries) };
}
