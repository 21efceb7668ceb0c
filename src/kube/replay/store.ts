// A bundle loaded for serving: its types known up front, each resource file read, validated
// and indexed when something first asks for that kind's items, so a walk or a trace parses only
// the files it reads. The replay server loads every file at start (`loadAll`), so a malformed
// file is reported (by name) when replay starts, not halfway through a kubectl call.
import type { KubeObject } from '../../model/cluster';
import { bundleList, type Bundle, type ResourceFile } from '../bundle';
import type { ResourceType } from '../kinds/kind';
import { KINDS, resourceType } from '../kinds/registry';

/** A type the bundle serves; its items are read from its file the first time they are asked for. */
export interface ServedType extends ResourceType {
  readonly items: KubeObject[];
  /** The resource file the items come from, when the bundle has one. */
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

/** A well-known type's items, read on first use: apiVersion and kind given where an item lacks them. */
function servedType(type: ResourceType, bundle: Bundle, resource: ResourceFile | undefined, loaded?: KubeObject[]): ServedType {
  let items = loaded ?? (resource ? undefined : []);
  return {
    ...type,
    ...(resource ? { file: resource.file } : {}),
    get items(): KubeObject[] {
      if (!items) {
        const apiVersion = groupVersion(type);
        // A real server's single GET carries apiVersion and kind; `kubectl get -o json` Lists do too.
        items = bundleList(bundle, resource!).items.map((item) => (item.apiVersion && item.kind ? item : { apiVersion, kind: type.kind, ...item }));
      }
      return items;
    },
  };
}

export class ReplayStore {
  readonly types: ServedType[];
  readonly capturedAt: Date;

  constructor(readonly bundle: Bundle) {
    this.capturedAt = new Date(bundle.manifest.capturedAt);
    const files = new Map(bundle.resources.map((r) => [`${r.plural}.${r.group}`, r]));
    const byKey = new Map<string, ServedType>();
    for (const kind of KINDS) {
      const key = `${kind.plural}.${kind.group}`;
      byKey.set(key, servedType(resourceType(kind), bundle, files.get(key)));
    }
    for (const resource of bundle.resources) {
      const key = `${resource.plural}.${resource.group}`;
      if (byKey.has(key)) continue;
      // A type no registry knows (a custom resource) is described by its file: read now.
      const list = bundleList(bundle, resource);
      byKey.set(key, servedType(typeFromFile(resource.plural, resource.group, list.items, list.kind), bundle, resource));
    }
    const namespaces = byKey.get('namespaces.')!;
    if (!namespaces.file) {
      let inferred: KubeObject[] | undefined;
      const infer = () => this.inferNamespaces();
      byKey.set('namespaces.', {
        ...resourceType(KINDS.find((k) => k.plural === 'namespaces' && !k.group)!),
        get items() {
          inferred ??= infer();
          return inferred;
        },
      });
    }
    this.types = [...byKey.values()];
  }

  /** Read every resource file now: a malformed one throws its InputError here. */
  loadAll(): this {
    for (const t of this.types) void t.items;
    return this;
  }

  /** A bundle made without namespaces.json still lists the namespaces its objects live in. */
  private inferNamespaces(): KubeObject[] {
    const names = new Set(this.bundle.manifest.namespaces);
    for (const t of this.types) if (t.file) for (const item of t.items) if (item.metadata.namespace) names.add(item.metadata.namespace);
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
