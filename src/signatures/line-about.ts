// What a line is about and the level it was logged at, read from the line and its source
// alone. Apart from facts.ts so the views and the mechanisms' ranking, which draw the first
// frame, do not load the signature matcher and the classifier with them.

import { subjectOfSource } from '../kube/analyze/findings';

/**
 * The level a line was logged at, when it says: JSON and logfmt fields, klog's prefix, a
 * bracketed or bare level word near the start. A retry logged as a warning is not a failure.
 */
export function lineLevel(text: string): 'error' | 'warn' | 'info' | undefined {
  const field = /["']?(?:level|lvl|severity|loglevel)["']?\s*[:=]\s*["']?([A-Za-z]+|[1-6]0)\b/i.exec(text)?.[1];
  // pino and bunyan log numbers: 40 warn, 50 error, 60 fatal.
  if (field && /^[1-6]0$/.test(field)) return Number(field) >= 50 ? 'error' : Number(field) === 40 ? 'warn' : 'info';
  const klog = /^([IWEF])\d{4} \d\d:\d\d:\d\d/.exec(text)?.[1];
  const word = field ?? (klog ? { I: 'info', W: 'warn', E: 'error', F: 'fatal' }[klog] : /\b(ERROR|FATAL|CRITICAL|PANIC|WARN|WARNING|INFO|DEBUG|TRACE|NOTICE)\b/.exec(text.slice(0, 100))?.[1]);
  if (!word) return undefined;
  const w = word.toLowerCase();
  if (/^(err|error|fatal|crit|critical|panic|emerg|alert|severe)/.test(w)) return 'error';
  if (/^warn/.test(w)) return 'warn';
  if (/^(info|debug|trace|notice|verbose)/.test(w)) return 'info';
  return undefined;
}

/**
 * A pod log's label `shop/payments-worker-5c8d7b9f4-x7k2m/payments-worker (previous)`, a
 * Kubernetes object `shop/pod/api-7d9`, a file or an endpoint: what a line is about.
 */
export function aboutSource(source: string): { object: string; subject: string; namespace?: string } {
  // A trace's event line: `event shop/Pod/payments-worker-5c8d7b9f4-x7k2m`.
  const event = /^event ([a-z0-9][-a-z0-9.]*)\/([A-Za-z]+)\/(\S+)$/.exec(source);
  if (event) {
    const object = `${event[1]}/${event[2]!.toLowerCase()}/${event[3]}`;
    return { object, ...subjectOfSource(object) };
  }
  const log = /^([a-z0-9][-a-z0-9.]*)\/([a-z0-9][-a-z0-9.]*)\/([a-z0-9][-a-z0-9.]*)(?: \(previous\))?$/.exec(source);
  if (log && !KUBE_KINDS.has(log[2]!)) {
    const { subject } = subjectOfSource(`${log[1]}/pod/${log[2]}`);
    return { object: `${log[1]}/pod/${log[2]}`, subject, namespace: log[1] };
  }
  const parts = source.split('/');
  if ((parts.length >= 3 && KUBE_KINDS.has(parts[1]!)) || (parts.length === 2 && KUBE_KINDS.has(parts[0]!))) {
    return { object: source, ...subjectOfSource(source) };
  }
  // A file, a test, an endpoint: itself, without a line number or a test title.
  const bare = source.replace(/#.*$/, '').replace(/:\d+$/, '');
  return { object: source, subject: bare };
}

const KUBE_KINDS = new Set([
  'pod',
  'deployment',
  'replicaset',
  'statefulset',
  'daemonset',
  'job',
  'cronjob',
  'service',
  'endpoints',
  'node',
  'namespace',
  'horizontalpodautoscaler',
  'hpa',
  'persistentvolumeclaim',
  'pvc',
  'persistentvolume',
  'configmap',
  'secret',
  'ingress',
  'event',
  'controllerrevision',
  'lease',
  'certificate',
]);
