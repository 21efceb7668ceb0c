// Which group version serves a resource, and where its collection is: the API's discovery
// documents, each asked once per connection (a failed one is asked again). Hand-written:
// client-node's KubernetesObjectApi resolves by apiVersion and kind, while checks name a
// plural and a group and take the server's preferred version, as kubectl does.
import { z } from 'zod';
import { KubeApiError } from './api-errors';
import type { ApiConnection } from './connection';

// Built on their first parse (z.lazy): importing this module builds none.
const resourceListSchema = z.lazy(() =>
  z.looseObject({
    groupVersion: z.string(),
    resources: z.array(z.looseObject({ name: z.string(), namespaced: z.boolean(), kind: z.string() })),
  }),
);
const groupListSchema = z.lazy(() =>
  z.looseObject({
    groups: z.array(
      z.looseObject({
        name: z.string(),
        preferredVersion: z.looseObject({ groupVersion: z.string() }).optional(),
        versions: z.array(z.looseObject({ groupVersion: z.string() })),
      }),
    ),
  }),
);

export interface ResolvedResource {
  groupVersion: string;
  namespaced: boolean;
  kind: string;
}

export class Discovery {
  private readonly documents = new Map<string, Promise<unknown>>();

  constructor(private readonly connection: ApiConnection) {}

  private discover<S extends z.ZodType>(path: string, schema: S, signal: AbortSignal): Promise<z.infer<S>> {
    let pending = this.documents.get(path) as Promise<z.infer<S>> | undefined;
    if (!pending) {
      pending = this.connection.json(path, schema, { signal });
      this.documents.set(path, pending);
      pending.catch(() => this.documents.delete(path));
    }
    return pending;
  }

  async resolve(plural: string, group: string, signal: AbortSignal): Promise<ResolvedResource> {
    let groupVersion = 'v1';
    if (group) {
      const groups = await this.discover('/apis', groupListSchema, signal);
      const found = groups.groups.find((g) => g.name === group);
      const preferred = found?.preferredVersion?.groupVersion ?? found?.versions[0]?.groupVersion;
      if (!preferred) throw new KubeApiError(404, 'NotFound', `the server doesn't have API group "${group}"`);
      groupVersion = preferred;
    }
    const list = await this.discover(group ? `/apis/${groupVersion}` : '/api/v1', resourceListSchema, signal);
    const resource = list.resources.find((r) => r.name === plural);
    if (!resource) throw new KubeApiError(404, 'NotFound', `the server doesn't have a resource type "${plural}"${group ? ` in group "${group}"` : ''}`);
    return { groupVersion, namespaced: resource.namespaced, kind: resource.kind };
  }

  collectionPath(resource: ResolvedResource, plural: string, namespace?: string): string {
    const prefix = resource.groupVersion.includes('/') ? `/apis/${resource.groupVersion}` : `/api/${resource.groupVersion}`;
    return `${prefix}${resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${plural}`;
  }
}
