// A bundle loaded for serving: every resource file validated and indexed up front, so a
// malformed file is reported (by name) when replay starts, not halfway through a kubectl call.
import type { KubeObject } from '../../model/cluster';
import { bundleList, type Bundle } from '../bundle';
import type { ResourceType } from '../kinds/kind';
import { KINDS, resourceType } from '../kinds/registry';

export interface ServedType extends ResourceType {
  items: KubeObject[];
  /** The resource file the items came from, when the bundle has one. */
  file?: string;
}

export function groupVersion(type: { group: string; version: string }): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

function kindFromList(listKind: string, plural: string): string {
  if (listKind.endsWith('List') && listKind !== 'List') return listKind.slice(0, -4);
  const singular = plural.endsWith('s') ? plural.slice(0, -1) : plural;
  return singular.charAt(0).toUpperCase() + singular.slice(1);
}

/** The type a resource file describes when it is not one of the well-known ones (custom resources). */
function typeFromFile(plural: string, group: string, items: KubeObject[], listKind: string): ResourceType {
  const first = items[0];
  const version = first?.apiVersion?.includes('/') ? first.apiVersion.split('/')[1]! : (first?.apiVersion ?? 'v1');
  const kind = first?.kind ?? kindFromList(listKind, plural);
  return {
    group,
    version,
    plural,
    singular: kind.toLowerCase(),
    kind,
    namespaced: items.length === 0 || items.some((i) => i.metadata.namespace !== undefined),
  };
}

export class ReplayStore {
  readonly types: ServedType[];
  readonly capturedAt: Date;

  constructor(readonly bundle: Bundle) {
    this.capturedAt = new Date(bundle.manifest.capturedAt);
    const byKey = new Map<string, ServedType>(KINDS.map((t) => [`${t.plural}.${t.group}`, { ...resourceType(t), items: [] }]));
    for (const resource of bundle.resources) {
      const list = bundleList(bundle, resource);
      const key = `${resource.plural}.${resource.group}`;
      const type: ServedType = byKey.get(key) ?? { ...typeFromFile(resource.plural, resource.group, list.items, list.kind), items: [] };
      const apiVersion = groupVersion(type);
      // A real server's single GET carries apiVersion and kind; `kubectl get -o json` Lists do too.
      type.items = list.items.map((item) => (item.apiVersion && item.kind ? item : { apiVersion, kind: type.kind, ...item }));
      type.file = resource.file;
      byKey.set(key, type);
    }
    const namespaces = byKey.get('namespaces.')!;
    if (!namespaces.file) namespaces.items = this.inferNamespaces([...byKey.values()]);
    this.types = [...byKey.values()];
  }

  /** A bundle made without namespaces.json still lists the namespaces its objects live in. */
  private inferNamespaces(types: ServedType[]): KubeObject[] {
    const names = new Set(this.bundle.manifest.namespaces);
    for (const t of types) for (const item of t.items) if (item.metadata.namespace) names.add(item.metadata.namespace);
    return [...names].sort().map((name) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      status: { phase: 'Active' },
    }));
  }

  find(group: string, version: string, plural: string): ServedType | undefined {
    return this.types.find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  /** API groups other than core, each with its one served version. */
  groups(): { name: string; version: string }[] {
    const seen = new Map<string, string>();
    for (const t of this.types) if (t.group && !seen.has(t.group)) seen.set(t.group, t.version);
    return [...seen].map(([name, version]) => ({ name, version }));
  }

  typesOf(group: string, version: string): ServedType[] {
    return this.types.filter((t) => t.group === group && t.version === version);
  }
}
