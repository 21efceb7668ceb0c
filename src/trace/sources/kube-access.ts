import { existsSync } from 'node:fs';
import { logFile, openBundle, readList } from '../../kube/bundle';
import type { ClusterSource, KubeObject } from '../../kube/cluster';
import type { RawBatch } from '../types';
import { fileStream } from './files';

/** Pods, their logs and events: what the pod and event sources read, from a cluster or a bundle's files. */
export interface KubeAccess {
  /** `context kind-e2e (...)`, `bundle fixtures/demo-bundle`. */
  readonly description: string;
  /** Flags that reach the same place in a replay command: `--bundle DIR`, `--context X`. */
  readonly replayFlags: string[];
  /** When a bundle was captured: the end of its window (RFC 3339). */
  readonly capturedAt?: string;
  pods(namespace: string | undefined, selector?: string): Promise<KubeObject[]>;
  events(namespace: string | undefined): Promise<KubeObject[]>;
  /** A container instance's log with kubectl timestamps; undefined when there is none (no previous instance). */
  log(namespace: string, pod: string, container: string, previous: boolean, signal: AbortSignal): Promise<AsyncIterable<RawBatch> | undefined>;
}

/** Through a ClusterSource: live through client-node, or a bundle through the replay server. */
export function clusterAccess(cluster: ClusterSource, replayFlags: string[] = cluster.kubectlFlags): KubeAccess {
  return {
    description: cluster.description,
    replayFlags,
    async pods(namespace, selector) {
      return (await cluster.list('pods', '', namespace, selector)).items;
    },
    async events(namespace) {
      return (await cluster.list('events', '', namespace)).items;
    },
    async log(namespace, pod, container, previous) {
      let text: string;
      try {
        text = await cluster.podLog(namespace, pod, { container, previous, timestamps: true });
      } catch (error) {
        // No previous instance is an answer, not a failure; anything else is.
        if (previous) return undefined;
        throw error;
      }
      return (async function* () {
        if (text.length > 0) yield { lines: text };
      })();
    },
  };
}

/** Equality and set-based label selectors, as kubectl takes them: `app=x,tier!=db,env in (a,b),!legacy`. */
export function matchesSelector(labels: Readonly<Record<string, string>>, selector: string | undefined): boolean {
  if (!selector) return true;
  const terms = selector.match(/[^,(]+(?:\([^)]*\))?/g) ?? [];
  return terms.every((raw) => {
    const term = raw.trim();
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (set) {
      const values = set[3]!.split(',').map((v) => v.trim());
      const has = set[1]! in labels && values.includes(labels[set[1]!]!);
      return set[2] === 'in' ? has : !has;
    }
    const eq = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (eq) return eq[2] === '!=' ? labels[eq[1]!] !== eq[3] : labels[eq[1]!] === eq[3];
    if (term.startsWith('!')) return !(term.slice(1) in labels);
    return term in labels;
  });
}

/** Straight from a bundle directory: logs are streamed from their files, never loaded whole. */
export function bundleAccess(dir: string, shownAs = dir): KubeAccess {
  const bundle = openBundle(dir);
  const list = (plural: string) => {
    const file = bundle.resources.find((r) => r.plural === plural && r.group === '')?.file;
    return file ? readList(file).items : [];
  };
  let pods: KubeObject[] | undefined;
  let events: KubeObject[] | undefined;
  return {
    description: `bundle ${shownAs}`,
    replayFlags: ['--bundle', shownAs],
    capturedAt: bundle.manifest.capturedAt,
    async pods(namespace, selector) {
      pods ??= list('pods');
      return pods.filter((p) => (!namespace || p.metadata.namespace === namespace) && matchesSelector(p.metadata.labels ?? {}, selector));
    },
    async events(namespace) {
      events ??= list('events');
      return events.filter((e) => !namespace || e.metadata.namespace === namespace);
    },
    async log(namespace, pod, container, previous, signal) {
      const file = logFile(bundle.dir, namespace, pod, container, previous);
      return existsSync(file) ? fileStream(file, file, signal).read() : undefined;
    },
  };
}
