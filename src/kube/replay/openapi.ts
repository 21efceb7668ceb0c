// Just enough OpenAPI v3 for kubectl's apply/create/edit to send their request rather than
// stop at client-side validation: each object path declares the `fieldValidation` query
// parameter, so kubectl leaves validation to the server — which then refuses the write
// with the read-only Status. There are no schemas: `kubectl explain` has nothing to explain.
import { groupVersion, type ReplayStore } from './store';

const fieldValidation = { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } };

function pathKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export function openApiRoot(store: ReplayStore) {
  const keys = new Set(store.types.map((t) => pathKey(t.group, t.version)));
  return { paths: Object.fromEntries([...keys].map((k) => [k, { serverRelativeURL: `/openapi/v3/${k}?hash=replay` }])) };
}

/** `/openapi/v3/api/v1`, `/openapi/v3/apis/apps/v1`, or undefined. */
export function openApiGroupVersion(store: ReplayStore, key: string) {
  const types = store.types.filter((t) => pathKey(t.group, t.version) === key);
  if (types.length === 0) return undefined;
  const paths: Record<string, object> = {};
  for (const t of types) {
    const base = `/${key}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}`;
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const write = (verb: string) => ({
      operationId: `${verb}${t.kind}`,
      'x-kubernetes-group-version-kind': gvk,
      parameters: [fieldValidation],
      responses: { '405': { description: 'the replayed bundle is read-only' } },
    });
    paths[`${base}/{name}`] = { patch: write('patch'), put: write('replace') };
    paths[base] = { post: write('create') };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes (triage replay)', version: groupVersion(types[0]!) }, paths };
}

/**
 * `/openapi/v2` without definitions: kubectl validates a `kind: List` on the client with it,
 * and a kind it has no schema for is passed on to the server (which refuses the write).
 * kubectl asks for protobuf: `swagger: "2.0"` is field 1, a string.
 */
export function openApiV2(accept: string | undefined): { contentType: string; body: Buffer } {
  if (accept?.includes('protobuf')) {
    const swagger = Buffer.from('2.0');
    return { contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', body: Buffer.concat([Buffer.from([0x0a, swagger.length]), swagger]) };
  }
  const doc = { swagger: '2.0', info: { title: 'Kubernetes (triage replay)', version: 'v1' }, paths: {}, definitions: {} };
  return { contentType: 'application/json', body: Buffer.from(JSON.stringify(doc)) };
}
