// A bundle read directly, without HTTP: the answers the replay server gives triage's client
// (lists, logs, access reviews, errors), computed in-process from the files, each parsed once,
// when a list first reaches its kind. The replay's own modules decide every answer, so the two cannot drift apart.
import { readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { AccessReview, KubeList, KubeObject, PodLogOptions } from '../model/cluster';
import { logFile, type Bundle } from './bundle';
import { KubeApiError } from './api-errors';
import { groupVersion, ReplayStore, type ServedType } from './replay/store';
import { REVIEW_GROUPS } from './replay/discovery';
import { fieldMatcher, labelMatcher, SelectorError } from './replay/selectors';
import { answerReview } from './replay/reviews';
import { readLog, streamLog, streamLogBytes, type LogQuery } from './replay/logs';
import { containerLogFile } from './replay/log-target';

/** As the live client caps a log read without tailLines. */
export const LOG_LIMIT_BYTES = 16 * 1024 * 1024;

/** What the API answered, as the live client reports it: the Status message and its code. */
function apiError(code: number, reason: string, message: string): KubeApiError {
  return new KubeApiError(code, reason, `${message} (HTTP ${code})`);
}

const badRequest = (message: string) => apiError(400, 'BadRequest', message);
const notServed = () => apiError(404, 'NotFound', 'the server could not find the requested resource');

/** One served type with its items as a list answers them, and those items by namespace. */
interface Listed {
  type: ServedType;
  items: KubeObject[];
  byNamespace?: Map<string, KubeObject[]>;
}

/** Whether an item's first keys are apiVersion and kind: then it is what the client would make of it. */
function leadsWithType(item: KubeObject): boolean {
  let n = 0;
  for (const key in item) {
    if (key !== (n === 0 ? 'apiVersion' : 'kind')) return false;
    if (++n === 2) return true;
  }
  return false;
}

export class BundleReader {
  private storeBuilt?: ReplayStore;
  private readonly listed = new Map<ServedType, Listed>();
  /** Pods by namespace and name, the first of a name as a list search finds it. */
  private podIndex?: Map<string, KubeObject>;
  /** Every file under logs/, listed once: most pods of a large bundle have no log. */
  private logListing?: Set<string>;
  private logListingRead?: Promise<Set<string>>;

  constructor(readonly bundle: Bundle) {}

  /** The bundle's types; a resource file is parsed and validated once, when its items are first read (shared with validateBundle's reads). */
  get store(): ReplayStore {
    this.storeBuilt ??= new ReplayStore(this.bundle);
    return this.storeBuilt;
  }

  /** The type a list of (plural, group) reaches, found as the client's discovery would find it. */
  private resolve(plural: string, group: string): ServedType {
    const store = this.store;
    let version = 'v1';
    if (group) {
      const review = REVIEW_GROUPS.find((g) => g.group === group);
      const served = store.groups().find((g) => g.name === group);
      if (!served && !review) throw new KubeApiError(404, 'NotFound', `the server doesn't have API group "${group}"`);
      version = served?.version ?? review!.version;
      if (!served) {
        // A review group answers only its POSTs.
        if (review!.resources.some((r) => r.name === plural)) throw notServed();
        throw new KubeApiError(404, 'NotFound', `the server doesn't have a resource type "${plural}" in group "${group}"`);
      }
    }
    const type = store.find(group, version, plural);
    if (!type) throw new KubeApiError(404, 'NotFound', `the server doesn't have a resource type "${plural}"${group ? ` in group "${group}"` : ''}`);
    return type;
  }

  private listedOf(type: ServedType): Listed {
    let listed = this.listed.get(type);
    if (!listed) {
      const apiVersion = groupVersion(type);
      // What the client builds from each page item: its apiVersion and kind first, the item's own
      // winning. An item that already begins with both (a kubectl List's do) is that object.
      listed = { type, items: type.items.map((item) => (leadsWithType(item) ? item : { apiVersion, kind: type.kind, ...item })) };
      this.listed.set(type, listed);
    }
    return listed;
  }

  private inNamespace(listed: Listed, namespace: string): KubeObject[] {
    if (!listed.byNamespace) {
      const index = new Map<string, KubeObject[]>();
      for (const item of listed.items) {
        const ns = item.metadata.namespace;
        if (ns === undefined) continue;
        let bucket = index.get(ns);
        if (!bucket) index.set(ns, (bucket = []));
        bucket.push(item);
      }
      listed.byNamespace = index;
    }
    return listed.byNamespace.get(namespace) ?? [];
  }

  /** A list as the live client returns it from the replay: kind `List`, items in file order, selectors applied. */
  list(plural: string, group: string, namespace?: string, labelSelector?: string, fieldSelector?: string): KubeList {
    const listed = this.listedOf(this.resolve(plural, group));
    let byLabel;
    let byField;
    try {
      byLabel = labelMatcher(labelSelector);
      byField = fieldMatcher(fieldSelector);
    } catch (error) {
      if (error instanceof SelectorError) throw badRequest(error.message);
      throw error;
    }
    // A cluster-scoped type is listed whole whatever namespace is asked for, as the client does.
    const candidates = listed.type.namespaced && namespace !== undefined ? this.inNamespace(listed, namespace) : listed.items;
    const items = labelSelector || fieldSelector ? candidates.filter((o) => byLabel(o) && byField(o)) : candidates.slice();
    return { apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '1' } };
  }

  /** The pod's log file to read for these options, or the error the replay answers instead. Undefined: no file, an empty log. */
  private logTarget(namespace: string, podName: string, options: PodLogOptions): { file?: string; query: LogQuery } {
    const pod = this.pod(namespace, podName);
    if (!pod) throw apiError(404, 'NotFound', `pods "${podName}" not found`);
    const listing = this.logFiles();
    const { file, exists } = containerLogFile(this.bundle.dir, pod, options.container, options.previous === true, badRequest, (f) => listing.has(f));
    let sinceMs: number | undefined;
    // The client sends sinceSeconds only without sinceTime; "now" is the capture time.
    if (options.sinceTime) {
      sinceMs = Date.parse(options.sinceTime);
      if (Number.isNaN(sinceMs)) throw badRequest(`sinceTime: "${options.sinceTime}" is not an RFC 3339 time`);
    } else if (options.sinceSeconds !== undefined) sinceMs = this.store.capturedAt.getTime() - options.sinceSeconds * 1000;
    const query: LogQuery = {
      timestamps: options.timestamps ?? true,
      tailLines: options.tailLines !== undefined && options.tailLines >= 0 ? options.tailLines : undefined,
      sinceMs,
      follow: false,
    };
    return { ...(exists ? { file } : {}), query };
  }

  private pod(namespace: string, name: string): KubeObject | undefined {
    if (!this.podIndex) {
      this.podIndex = new Map();
      for (const pod of this.store.find('', 'v1', 'pods')!.items) {
        if (pod.metadata.namespace === undefined) continue;
        const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
        if (!this.podIndex.has(key)) this.podIndex.set(key, pod);
      }
    }
    return this.podIndex.get(`${namespace}/${name}`);
  }

  /** logs/<namespace>/<pod>/<file>, as logFile() names them. */
  private logFiles(): Set<string> {
    if (!this.logListing) {
      const files = new Set<string>();
      const entries = (dir: string) => {
        try {
          return readdirSync(dir);
        } catch {
          return []; // none, or not a folder
        }
      };
      const root = join(this.bundle.dir, 'logs');
      for (const ns of entries(root))
        for (const pod of entries(join(root, ns))) for (const f of entries(join(root, ns, pod))) files.add(join(root, ns, pod, f));
      this.logListing = files;
    }
    return this.logListing;
  }

  /**
   * logFiles read without holding the main thread: the folders listed asynchronously (on a
   * 5,000-pod bundle the synchronous listing held a workbench for up to half a second under load).
   * The same set; logFiles then finds it made.
   */
  private async listLogFiles(): Promise<void> {
    if (this.logListing) return;
    this.logListingRead ??= (async () => {
      const entries = async (dir: string) => {
        try {
          return await readdir(dir);
        } catch {
          return []; // none, or not a folder
        }
      };
      const files = new Set<string>();
      const root = join(this.bundle.dir, 'logs');
      for (const ns of await entries(root))
        for (const pod of await entries(join(root, ns))) for (const f of await entries(join(root, ns, pod))) files.add(join(root, ns, pod, f));
      return files;
    })();
    const files = await this.logListingRead;
    this.logListing ??= files;
  }

  /** The log file of a container instance when the bundle has one: what the trace streams itself. */
  logFileOf(namespace: string, pod: string, container: string, previous: boolean): string | undefined {
    const file = logFile(this.bundle.dir, namespace, pod, container, previous);
    return this.logFiles().has(file) ? file : undefined;
  }

  /**
   * What a trace streams for a container instance's log (timestamps on, whole): the bundle's
   * file, or undefined when the log is empty; throws what `podLog` answers instead (no such
   * pod or container, no previous instance, a container still waiting). Without a Promise:
   * a trace asks this of every container of every pod, most of them with no log at all.
   */
  traceLogFile(namespace: string, pod: string, container: string, previous: boolean): string | undefined {
    const file = this.logFileOf(namespace, pod, container, previous);
    if (file) return file;
    // podLog's checks, as it makes them before it finds no file to read.
    this.logTarget(namespace, pod, { container, previous, timestamps: true });
    return undefined;
  }

  async podLog(namespace: string, pod: string, options: PodLogOptions): Promise<string> {
    await this.listLogFiles();
    const { file, query } = this.logTarget(namespace, pod, options);
    if (!file) return '';
    // A read without tailLines stops at the client's cap rather than filling memory.
    if (options.tailLines === undefined) query.limitBytes = LOG_LIMIT_BYTES;
    return ((await readLog(file, query)) ?? (await streamLogBytes(file, query))).toString('utf8');
  }

  /** The log so far, in chunks as they are read, then held open until `signal` aborts: a bundle never grows. */
  async followLog(namespace: string, pod: string, options: PodLogOptions, onChunk: (text: string) => void, signal: AbortSignal): Promise<void> {
    const { file, query } = this.logTarget(namespace, pod, options);
    query.follow = true;
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let scheduled = false;
    // Lines are written one by one; they reach the follower in blocks, as a socket would carry them.
    const flush = () => {
      scheduled = false;
      if (pending && !signal.aborted) onChunk(pending);
      pending = '';
    };
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        pending += decoder.write(chunk);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
        done();
      },
    });
    if (file) await streamLog(file, { ...query, follow: false }, sink, signal);
    flush();
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  }

  /** The replay's answer to a SelfSubjectAccessReview: every read allowed, every write denied. */
  canI(verb: string, resource: string, group?: string, namespace?: string): AccessReview {
    const [base, subresource] = resource.split('/', 2);
    const review = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb, resource: base, ...(subresource ? { subresource } : {}), group: group ?? '', ...(namespace ? { namespace } : {}) } },
    };
    const answer = answerReview('selfsubjectaccessreviews', JSON.stringify(review)) as { status?: { allowed: boolean; reason?: string } };
    return { allowed: answer.status?.allowed ?? false, ...(answer.status?.reason ? { reason: answer.status.reason } : {}) };
  }
}
