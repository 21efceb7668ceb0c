// The one way triage talks to a Kubernetes API, live or replayed: a ClusterSource over an
// ApiConnection (credentials, deadlines, retries: connection.ts) and the API's discovery
// (api-discovery.ts). Read-only by construction: the only methods are GETs (discovery, list,
// logs, version) and the access-review POST. Paging is the continue-token loop below; each
// page is one request under the call's deadline, which client-node's list does not offer.
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { AccessReview, ClusterProbe, ClusterSource, KubeList, KubeObject, PodLogOptions, ServerVersion } from '../model/cluster';
import type { KubeTarget } from './kubeconfig';
import { ClusterUnreachableError } from './api-errors';
import { ApiConnection, callSignal, query } from './connection';
import { Discovery } from './api-discovery';

const PAGE_SIZE = 500;
/** What a metadata-only list asks for (the API server's PartialObjectMetadataList). */
const METADATA_LIST_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
/** A log read without tailLines stops here rather than filling memory. */
const LOG_LIMIT_BYTES = 16 * 1024 * 1024;

// Schemas here are built on their first parse (z.lazy): importing this module builds none.
const versionSchema = z.lazy(() => z.looseObject({ gitVersion: z.string() }));
const listSchema = z.lazy(() =>
  z.looseObject({
    kind: z.string(),
    items: z.array(z.looseObject({ metadata: z.looseObject({ name: z.string() }) })).nullable(),
    metadata: z.looseObject({ resourceVersion: z.string().optional(), continue: z.string().optional() }).optional(),
  }),
);
const accessReviewSchema = z.lazy(() =>
  z.looseObject({ status: z.looseObject({ allowed: z.boolean(), reason: z.string().optional(), denied: z.boolean().optional() }).optional() }),
);

export class LiveCluster implements ClusterSource {
  readonly description: string;
  readonly kubectlFlags: string[];
  private readonly connection: ApiConnection;
  private readonly discovery: Discovery;
  private reachability?: Promise<ServerVersion | undefined>;

  constructor(
    readonly target: KubeTarget,
    env: Readonly<Record<string, string | undefined>>,
    /** A bundle's capture time, when this reaches a replay. */
    private readonly bundleCapturedAt?: string,
    description?: string,
  ) {
    this.description = description ?? `context ${target.contextName} (${target.cluster.server})`;
    this.kubectlFlags = target.kubectlFlags;
    this.connection = new ApiConnection(target, env, this.description);
    this.discovery = new Discovery(this.connection);
  }

  /**
   * The cluster's "now" when it is a bundle: given by the bundle, or learned from the first
   * answer of a `triage replay` reached through a kubeconfig. Undefined for a live cluster.
   */
  get capturedAt(): string | undefined {
    return this.bundleCapturedAt ?? this.connection.answeredCapturedAt;
  }

  /** A whole call (pages, discovery) under one deadline, on top of each request's own. */
  private async call<T>(work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const { combined, overall } = callSignal(signal, this.connection.callTimeoutMs);
    await this.ensureReachable();
    try {
      return await work(combined);
    } catch (error) {
      if (overall.aborted && !signal?.aborted)
        throw new Error(`${this.description}: no complete answer within ${this.connection.callTimeoutMs / 1000}s`, { cause: error });
      throw error;
    }
  }

  // --- reachability --------------------------------------------------------------------

  /**
   * Asks `/version` once. A cluster that cannot be reached is remembered, so every later
   * call fails at once with the same message instead of waiting out its own deadline.
   */
  private ensureReachable(): Promise<ServerVersion | undefined> {
    // Any answer, even a 503, says the server is there: no retry is needed to know that.
    this.reachability ??= this.connection.json('/version', versionSchema, { retry: false }).catch((error: unknown) => {
      if (error instanceof ClusterUnreachableError) throw error;
      // The server answered (perhaps 401/403 on /version): it is reachable.
      return undefined;
    });
    return this.reachability;
  }

  /** Whether the cluster answers, for reporting it once per walk. Never throws. */
  async probe(): Promise<ClusterProbe> {
    try {
      const serverVersion = await this.ensureReachable();
      return { reachable: true, description: this.description, serverVersion };
    } catch (error) {
      return { reachable: false, description: this.description, error: (error as Error).message };
    }
  }

  // --- ClusterSource -------------------------------------------------------------------

  /** Every page of a list, as `kubectl get -o json` prints it: kind `List`, items with apiVersion and kind. */
  list(plural: string, group: string, namespace?: string, labelSelector?: string, signal?: AbortSignal): Promise<KubeList> {
    return this.call(async (deadline) => {
      const resource = await this.discovery.resolve(plural, group, deadline);
      const path = this.discovery.collectionPath(resource, plural, namespace);
      const items: KubeObject[] = [];
      let resourceVersion: string | undefined;
      let next: string | undefined;
      do {
        const page = await this.connection.json(`${path}${query({ labelSelector, limit: PAGE_SIZE, continue: next })}`, listSchema, { signal: deadline });
        resourceVersion ??= page.metadata?.resourceVersion;
        for (const item of page.items ?? []) items.push({ apiVersion: resource.groupVersion, kind: resource.kind, ...(item as KubeObject) });
        next = page.metadata?.continue || undefined;
      } while (next);
      return { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: resourceVersion ?? '' } };
    }, signal);
  }

  /**
   * Every page of a list as metadata only (PartialObjectMetadataList): the server sends names,
   * labels and annotations, never `data` or `spec`, so a Secret's values never cross the wire.
   * No plain-JSON fallback is offered: a server that cannot answer so answers 406, and the
   * list fails rather than carrying the values.
   */
  listMetadata(plural: string, group: string, namespace?: string, signal?: AbortSignal): Promise<KubeList> {
    return this.call(async (deadline) => {
      const resource = await this.discovery.resolve(plural, group, deadline);
      const path = this.discovery.collectionPath(resource, plural, namespace);
      const items: KubeObject[] = [];
      let resourceVersion: string | undefined;
      let next: string | undefined;
      do {
        const page = await this.connection.json(`${path}${query({ limit: PAGE_SIZE, continue: next })}`, listSchema, {
          signal: deadline,
          accept: METADATA_LIST_ACCEPT,
        });
        if (page.kind !== 'PartialObjectMetadataList') throw new Error(`${this.description}: asked ${path} for metadata only and got a ${page.kind}`);
        resourceVersion ??= page.metadata?.resourceVersion;
        for (const item of page.items ?? []) items.push({ apiVersion: resource.groupVersion, kind: resource.kind, metadata: (item as KubeObject).metadata });
        next = page.metadata?.continue || undefined;
      } while (next);
      return { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: resourceVersion ?? '' } };
    }, signal);
  }

  private logPath(namespace: string, pod: string, options: PodLogOptions & { follow?: boolean; limitBytes?: number }): string {
    return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log${query({
      container: options.container,
      previous: options.previous,
      timestamps: options.timestamps ?? true,
      tailLines: options.tailLines,
      sinceSeconds: options.sinceTime ? undefined : options.sinceSeconds,
      sinceTime: options.sinceTime,
      limitBytes: options.limitBytes,
      follow: options.follow,
    })}`;
  }

  podLog(namespace: string, pod: string, options: PodLogOptions, signal?: AbortSignal): Promise<string> {
    return this.call(
      (deadline) =>
        this.connection.text('GET', this.logPath(namespace, pod, { ...options, limitBytes: options.tailLines === undefined ? LOG_LIMIT_BYTES : undefined }), {
          signal: deadline,
          accept: 'text/plain, */*',
        }),
      signal,
    );
  }

  /**
   * A container's log as a stream, for capture: the body is never held in memory. The
   * request deadline covers the headers only; `signal` bounds the rest.
   */
  async podLogStream(namespace: string, pod: string, options: PodLogOptions & { follow?: boolean }, signal: AbortSignal): Promise<IncomingMessage> {
    await this.ensureReachable();
    const path = this.logPath(namespace, pod, options);
    const { res } = await this.connection.answer('GET', path, { signal, streaming: true, follow: options.follow, accept: 'text/plain, */*' });
    if ((res.statusCode ?? 0) >= 400) {
      const body = await this.connection.readBody(
        res,
        () => {},
        () => false,
        signal,
      );
      throw this.connection.apiError(res.statusCode ?? 0, body, path);
    }
    return res;
  }

  /**
   * A follow's chunks as they arrive; while `onChunk`'s promise is pending the socket is not
   * read (backpressure). Read by 'data' events rather than an async iterator: a follow brings
   * a chunk or two per line, and the iterator's promises per chunk were most of its cost.
   */
  async followLog(namespace: string, pod: string, options: PodLogOptions, onChunk: (text: string) => void | Promise<void>, signal: AbortSignal): Promise<void> {
    const res = await this.podLogStream(namespace, pod, { ...options, follow: true }, signal);
    res.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => (signal.aborted ? resolve() : reject(error));
      res.on('data', (chunk: string) => {
        let wait: void | Promise<void>;
        try {
          wait = onChunk(chunk);
        } catch (error) {
          res.destroy();
          return reject(error);
        }
        if (!wait) return;
        res.pause();
        wait.then(() => res.resume(), fail);
      });
      res.once('end', resolve);
      res.once('error', fail);
      // A connection that closes without an end (reset, aborted) is a follow that stopped.
      res.once('close', () => (res.complete || signal.aborted ? resolve() : reject(new Error(`${this.description}: the log stream of ${pod} closed`))));
    });
  }

  canI(verb: string, resource: string, group?: string, namespace?: string, signal?: AbortSignal): Promise<AccessReview> {
    return this.call(async (deadline) => {
      // `pods/log` is resource `pods` with subresource `log`, as kubectl auth can-i sends it.
      const [base, subresource] = resource.split('/', 2);
      const review = {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: { verb, resource: base, ...(subresource ? { subresource } : {}), group: group ?? '', ...(namespace ? { namespace } : {}) },
        },
      };
      // The one POST: a question about permissions, never a write.
      const answer = await this.connection.json('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', accessReviewSchema, {
        body: JSON.stringify(review),
        signal: deadline,
      });
      return { allowed: answer.status?.allowed ?? false, ...(answer.status?.reason ? { reason: answer.status.reason } : {}) };
    }, signal);
  }

  async serverVersion(): Promise<ServerVersion> {
    const known = await this.ensureReachable();
    if (known) return known;
    return this.call((deadline) => this.connection.json('/version', versionSchema, { signal: deadline }));
  }

  /** Closes every socket, follow streams' included, so none keeps the process alive; a later call opens new ones. */
  async close(): Promise<void> {
    await this.connection.close();
  }

  /** The replay and capture code use the same client; this is it. */
  async client(): Promise<LiveCluster> {
    return this;
  }
}
