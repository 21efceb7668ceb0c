// What changed between two revisions of a pod template, said so a person can read it in a
// line: images, env names, command and args, resources, mounts, labels. Values that may be
// secret (env literals, args, commands) are compared but never shown: "changed" is enough.
import type { PodContainer, PodTemplate, PodVolume } from './resources';
import { shortDigest } from './images';

/** A template difference, most telling first. */
export interface TemplateChange {
  /** `image shop/checkout 2.7.1 → 2.8.0`, `env PAYMENT_MODE changed`, `memory limit 512Mi → 1Gi`. */
  text: string;
  /** Lower sorts first: images, env, command, resources, mounts, containers, labels, the rest. */
  rank: number;
}

interface ImageRef {
  /** Without the registry host (`shop/checkout`): the part a person says. */
  path: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** `registry.example.com:5000/shop/checkout:2.8.0@sha256:…` → its repository, tag and digest. */
export function parseImage(image: string): ImageRef {
  const [withoutDigest, digest] = image.split('@') as [string, string | undefined];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const tagged = colon > slash;
  const repository = tagged ? withoutDigest.slice(0, colon) : withoutDigest;
  const segments = repository.split('/');
  // A first segment with a dot, a port or `localhost` is a registry host, not part of the name.
  const host = segments.length > 1 && /[.:]|^localhost$/.test(segments[0]!);
  const path = host ? segments.slice(1).join('/') : repository;
  return {
    // Docker Hub's official images are `library/NAME`; people say NAME.
    path: path.startsWith('library/') && (!host || segments[0] === 'docker.io') ? path.slice('library/'.length) : path,
    repository,
    ...(tagged ? { tag: withoutDigest.slice(colon + 1) } : {}),
    ...(digest ? { digest } : {}),
  };
}

function version(ref: ImageRef): string {
  const digest = ref.digest?.startsWith('sha256:') ? shortDigest(ref.digest) : ref.digest;
  if (ref.tag && digest) return `${ref.tag}@${digest}`;
  return ref.tag ?? (digest ? `@${digest}` : 'latest (untagged)');
}

function imageChange(before: string | undefined, after: string | undefined): string | undefined {
  if (before === after) return undefined;
  if (!before || !after) return `image ${after ?? 'removed'}`;
  const [a, b] = [parseImage(before), parseImage(after)];
  if (a.repository === b.repository) return `image ${b.path} ${version(a)} → ${version(b)}`;
  return `image ${before} → ${after}`;
}

type EnvVar = NonNullable<PodContainer['env']>[number];

/** How an env var gets its value: `a literal value`, `empty`, or where a reference reads (names, never the value). */
function describeSource(env: EnvVar): string {
  if (!env.valueFrom) return env.value ? 'a literal value' : 'empty';
  const s = env.valueFrom.secretKeyRef;
  if (s) return `from secret ${s.name ?? '?'} key ${s.key}`;
  const c = env.valueFrom.configMapKeyRef;
  if (c) return `from config map ${c.name ?? '?'} key ${c.key}`;
  const from = env.valueFrom as Record<string, unknown>;
  const field = from.fieldRef as { fieldPath?: string } | undefined;
  if (field?.fieldPath) return `from field ${field.fieldPath}`;
  const resource = from.resourceFieldRef as { resource?: string } | undefined;
  if (resource?.resource) return `from resource ${resource.resource}`;
  return 'from a reference';
}

function names(list: readonly string[], max = 4): string {
  return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} and ${list.length - max} more`;
}

function envChanges(before: readonly EnvVar[], after: readonly EnvVar[]): string[] {
  const old = new Map(before.map((e) => [e.name, e]));
  const now = new Map(after.map((e) => [e.name, e]));
  const added = [...now.keys()].filter((n) => !old.has(n));
  const removed = [...old.keys()].filter((n) => !now.has(n));
  const changed: string[] = [];
  const moved: string[] = [];
  for (const [name, e] of now) {
    const was = old.get(name);
    if (!was || JSON.stringify(was) === JSON.stringify(e)) continue;
    const [from, to] = [describeSource(was), describeSource(e)];
    // A literal that changed is "changed"; a reference that moved says where from, by name.
    if (from === to) changed.push(name);
    else moved.push(`env ${name} now ${to} (was ${from})`);
  }
  const out: string[] = [];
  if (changed.length) out.push(`env ${names(changed)} changed`);
  if (added.length) out.push(`env ${names(added)} added`);
  if (removed.length) out.push(`env ${names(removed)} removed`);
  return [...out, ...moved];
}

function envFromChanges(before: PodContainer['envFrom'], after: PodContainer['envFrom']): string[] {
  const describe = (f: NonNullable<PodContainer['envFrom']>[number]) =>
    `${f.secretRef ? `secret ${f.secretRef.name ?? '?'}` : f.configMapRef ? `config map ${f.configMapRef.name ?? '?'}` : 'a source'}${f.prefix ? ` (prefix ${f.prefix})` : ''}`;
  const a = new Set((before ?? []).map(describe));
  const b = new Set((after ?? []).map(describe));
  return [...[...b].filter((x) => !a.has(x)).map((x) => `envFrom ${x} added`), ...[...a].filter((x) => !b.has(x)).map((x) => `envFrom ${x} removed`)];
}

function resourceChanges(before: PodContainer['resources'], after: PodContainer['resources']): string[] {
  const out: string[] = [];
  const change = (kind: 'limits' | 'requests', resource: string): string | undefined => {
    const [x, y] = [before?.[kind]?.[resource], after?.[kind]?.[resource]];
    if (String(x) === String(y)) return undefined;
    if (x === undefined) return `set to ${y}`;
    if (y === undefined) return `removed (was ${x})`;
    return `${x} → ${y}`;
  };
  const resources = new Set([
    ...Object.keys(before?.limits ?? {}),
    ...Object.keys(before?.requests ?? {}),
    ...Object.keys(after?.limits ?? {}),
    ...Object.keys(after?.requests ?? {}),
  ]);
  for (const resource of [...resources].sort()) {
    const [request, limit] = [change('requests', resource), change('limits', resource)];
    // Request and limit moved together (the usual memory bump): one change, not two.
    if (request && request === limit) out.push(`${resource} request and limit ${request}`);
    else {
      if (request) out.push(`${resource} request ${request}`);
      if (limit) out.push(`${resource} limit ${limit}`);
    }
  }
  return out;
}

function containerChanges(label: string, before: readonly PodContainer[], after: readonly PodContainer[], named: boolean): TemplateChange[] {
  const out: TemplateChange[] = [];
  const old = new Map(before.map((c) => [c.name, c]));
  const now = new Map(after.map((c) => [c.name, c]));
  for (const [name, c] of now) {
    const was = old.get(name);
    if (!was) {
      out.push({ text: `${label} ${name} added${c.image ? ` (${c.image})` : ''}`, rank: 5 });
      continue;
    }
    const prefix = label === 'container' ? (named ? `${name}: ` : '') : `${label} ${name}: `;
    const image = imageChange(was.image, c.image);
    if (image) out.push({ text: `${prefix}${image}`, rank: 0 });
    for (const e of envChanges(was.env ?? [], c.env ?? [])) out.push({ text: `${prefix}${e}`, rank: 1 });
    for (const e of envFromChanges(was.envFrom, c.envFrom)) out.push({ text: `${prefix}${e}`, rank: 1 });
    if (JSON.stringify(was.command ?? null) !== JSON.stringify(c.command ?? null)) out.push({ text: `${prefix}command changed`, rank: 2 });
    if (JSON.stringify(was.args ?? null) !== JSON.stringify(c.args ?? null)) out.push({ text: `${prefix}args changed`, rank: 2 });
    for (const r of resourceChanges(was.resources, c.resources)) out.push({ text: `${prefix}${r}`, rank: 3 });
  }
  for (const name of old.keys()) if (!now.has(name)) out.push({ text: `${label} ${name} removed`, rank: 5 });
  return out;
}

/** What a volume mounts, by name: `config map checkout-config`, `secret tls`, `emptyDir`. */
function volumeSource(v: PodVolume): string {
  if (v.configMap) return `config map ${v.configMap.name ?? '?'}`;
  if (v.secret) return `secret ${v.secret.secretName ?? '?'}`;
  const kind = Object.keys(v).find((k) => k !== 'name');
  return kind ?? 'nothing';
}

function volumeChanges(before: readonly PodVolume[], after: readonly PodVolume[]): string[] {
  const old = new Map(before.map((v) => [v.name, v]));
  const now = new Map(after.map((v) => [v.name, v]));
  const out: string[] = [];
  for (const [name, v] of now) {
    const was = old.get(name);
    if (!was) out.push(`volume ${name} (${volumeSource(v)}) added`);
    else if (JSON.stringify(was) !== JSON.stringify(v)) {
      const [a, b] = [volumeSource(was), volumeSource(v)];
      out.push(a === b ? `volume ${name} (${b}) changed` : `volume ${name} now ${b} (was ${a})`);
    }
  }
  for (const [name, v] of old) if (!now.has(name)) out.push(`volume ${name} (${volumeSource(v)}) removed`);
  return out;
}

/** The pod-template-hash differs on every ReplicaSet by construction: not a change anyone made. */
const GENERATED_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name']);
const SHOWN_ANNOTATION = /(^|[./-])(revision|commit|sha|version|restartedAt)$/i;

function mapChanges(what: 'label' | 'annotation', before: Record<string, string>, after: Record<string, string>, rank: number): TemplateChange[] {
  const out: TemplateChange[] = [];
  const short = (v: string) => (/^[0-9a-f]{40}$/i.test(v) ? v.slice(0, 7) : v);
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (GENERATED_LABELS.has(key)) continue;
    const [a, b] = [before[key], after[key]];
    if (a === b) continue;
    // Label values are short and public; an annotation can hold a whole config, so only known short ones are shown.
    const shown = what === 'label' || SHOWN_ANNOTATION.test(key);
    // A label added or removed changes which selectors see the pods: that ranks above a new value.
    if (a === undefined) out.push({ text: shown ? `${what} ${key}=${short(b!)} added` : `${what} ${key} added`, rank });
    else if (b === undefined) out.push({ text: shown ? `${what} ${key}=${short(a)} removed` : `${what} ${key} removed`, rank });
    else out.push({ text: shown ? `${what} ${key} ${short(a)} → ${short(b)}` : `${what} ${key} changed`, rank: rank + 0.5 });
  }
  return out;
}

/** Everything but the hash labels, for the "something else changed" fallback. */
function comparable(t: PodTemplate | null | undefined): string {
  const labels = Object.fromEntries(Object.entries(t?.metadata?.labels ?? {}).filter(([k]) => !GENERATED_LABELS.has(k)));
  return JSON.stringify({ ...t, metadata: { ...t?.metadata, labels } });
}

/** The differences from `before` to `after`, most telling first. */
export function templateChanges(before: PodTemplate | null | undefined, after: PodTemplate | null | undefined): TemplateChange[] {
  const [a, b] = [before?.spec, after?.spec];
  const named = (a?.containers.length ?? 0) > 1 || (b?.containers.length ?? 0) > 1;
  const out: TemplateChange[] = [
    ...containerChanges('container', a?.containers ?? [], b?.containers ?? [], named),
    ...containerChanges('init container', a?.initContainers ?? [], b?.initContainers ?? [], true),
    ...volumeChanges(a?.volumes ?? [], b?.volumes ?? []).map((text) => ({ text, rank: 4 })),
    ...mapChanges('label', before?.metadata?.labels ?? {}, after?.metadata?.labels ?? {}, 6),
    ...mapChanges('annotation', before?.metadata?.annotations ?? {}, after?.metadata?.annotations ?? {}, 7),
  ];
  if (!out.length && comparable(before) !== comparable(after))
    out.push({ text: 'pod template changed outside images, env, command, resources, volumes and labels', rank: 8 });
  return out.sort((x, y) => x.rank - y.rank);
}

/** The images of a template, for a first revision that has nothing to compare with. */
export function templateImages(t: PodTemplate | null | undefined): string[] {
  const containers = t?.spec?.containers ?? [];
  return containers.flatMap((c) => (c.image ? [`${containers.length > 1 ? `${c.name}: ` : ''}image ${c.image}`] : []));
}
