// A ClusterSource over a bundle directory, read straight from its files, for engine tests
// that should not need the replay server. Lists filter by namespace and equality selectors.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessReview, ClusterSource, KubeList, PodLogOptions } from '../../../src/model/cluster';
import { parseItems } from '../../../src/kube/analyze/resources';
import type { z } from 'zod';

export const DEMO_BUNDLE = join(import.meta.dirname, '../../../fixtures/demo-bundle');
export const CASES = join(import.meta.dirname, '../../../fixtures/bundles/cases');

function fileOf(dir: string, plural: string, group: string): string {
  return join(dir, 'resources', group ? `${plural}.${group}.json` : `${plural}.json`);
}

export function readResource(dir: string, plural: string, group = ''): KubeList {
  const file = fileOf(dir, plural, group);
  if (!existsSync(file)) return { apiVersion: 'v1', kind: 'List', items: [] };
  return JSON.parse(readFileSync(file, 'utf8')) as KubeList;
}

/** The parsed items of one resource file: what an analyzer gets in production after the list call. */
export function itemsOf<S extends z.ZodType>(dir: string, plural: string, group: string, schema: S): z.infer<S>[] {
  return parseItems(readResource(dir, plural, group), schema, plural);
}

function selects(labels: Record<string, string> | undefined, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const ne = /^([^!=]+)!=(.*)$/.exec(term);
    if (ne) return labels?.[ne[1]!] !== ne[2];
    const eq = /^([^=]+)==?(.*)$/.exec(term);
    if (eq) return labels?.[eq[1]!] === eq[2];
    if (term.startsWith('!')) return labels?.[term.slice(1)] === undefined;
    return labels?.[term] !== undefined;
  });
}

export interface BundleSourceOptions {
  /** Access reviews answered false for these `verb resource` pairs. */
  deny?: string[];
  /** Called for every podLog, so tests can count and order calls. */
  onPodLog?: (namespace: string, pod: string, options: PodLogOptions) => void;
  /** Without followLog, tails poll podLog (default: follow). */
  follow?: boolean;
  /** Characters per followLog chunk: small chunks split lines across chunks. */
  chunkChars?: number;
}

export class BundleSource implements ClusterSource {
  readonly description: string;
  readonly kubectlFlags = ['--context', 'bundle-test'];
  readonly capturedAt: string;
  readonly followLog?: ClusterSource['followLog'];
  /** followLog calls open now, by `ns/pod/container`. */
  readonly following = new Set<string>();
  private readonly manifest: { capturedAt: string; serverVersion: { gitVersion: string } };

  constructor(
    readonly dir: string,
    private readonly options: BundleSourceOptions = {},
  ) {
    this.description = `bundle ${dir}`;
    this.manifest = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
    this.capturedAt = this.manifest.capturedAt;
    if (options.follow !== false) this.followLog = (ns, pod, o, onChunk, signal) => this.follow(ns, pod, o, onChunk, signal);
  }

  /** As `kubectl logs -f`: the log so far in chunks, then held open while the container runs. */
  private async follow(namespace: string, pod: string, options: PodLogOptions, onChunk: (text: string) => void, signal: AbortSignal): Promise<void> {
    const key = `${namespace}/${pod}/${options.container}`;
    this.following.add(key);
    try {
      const text = await this.podLog(namespace, pod, options);
      const size = this.options.chunkChars ?? 97;
      for (let i = 0; i < text.length && !signal.aborted; i += size) {
        onChunk(text.slice(i, i + size));
        await new Promise((r) => setImmediate(r));
      }
      const pods = (await this.list('pods', '', namespace)).items as {
        metadata: { name: string };
        status?: { containerStatuses?: { name: string; state?: { running?: unknown } }[] };
      }[];
      const running = pods.find((p) => p.metadata.name === pod)?.status?.containerStatuses?.find((c) => c.name === options.container)?.state?.running;
      if (running && !signal.aborted) await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    } finally {
      this.following.delete(key);
    }
  }

  async list(plural: string, group: string, namespace?: string, labelSelector?: string): Promise<KubeList> {
    const list = readResource(this.dir, plural, group);
    return {
      ...list,
      items: list.items.filter((i) => (!namespace || i.metadata.namespace === namespace) && selects(i.metadata.labels, labelSelector)),
    };
  }

  async podLog(namespace: string, pod: string, options: PodLogOptions): Promise<string> {
    this.options.onPodLog?.(namespace, pod, options);
    const file = join(this.dir, 'logs', namespace, pod, `${options.container}${options.previous ? '.previous' : ''}.log`);
    if (!existsSync(file)) throw new Error(`previous terminated container "${options.container}" in pod "${pod}" not found`);
    let lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    if (options.sinceTime) {
      const t = Date.parse(options.sinceTime);
      lines = lines.filter((l) => Date.parse(l.slice(0, l.indexOf(' '))) >= t);
    }
    if (options.tailLines !== undefined) lines = lines.slice(-options.tailLines);
    return lines.map((l) => `${l}\n`).join('');
  }

  async canI(verb: string, resource: string): Promise<AccessReview> {
    const denied = this.options.deny?.includes(`${verb} ${resource}`);
    return denied ? { allowed: false, reason: 'RBAC: not bound to a role that allows it' } : { allowed: true };
  }

  async serverVersion(): Promise<{ gitVersion: string }> {
    return this.manifest.serverVersion;
  }
}
