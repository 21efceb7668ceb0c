// Kubernetes lists (as `kubectl get -o json` prints them, as bundles hold them) turned
// into the one-line form people read in `kubectl get events` and `describe`, so the same
// signatures match a live cluster's output and a captured bundle. Each line keeps the
// object it is about, which fills replay placeholders ({namespace}, {pod}, {node}, ...).

import { z } from 'zod';

export interface ContextLine {
  text: string;
  /** Where the line came from, e.g. `resources/events.json#shop/payments-worker-5c8d7b9f4-qp9zr`. */
  source: string;
  /** The ordinal of the item in its file (1-based): the line number reported. */
  line: number;
  context: Record<string, string>;
}

// Schemas here are built on their first parse (z.lazy): importing this module builds none.
const meta = z.lazy(() => z.looseObject({ name: z.string().optional(), namespace: z.string().optional() }));

const eventItem = z.lazy(() => z.looseObject({
  type: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  count: z.number().optional(),
  involvedObject: z.looseObject({ kind: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() }),
  metadata: meta.optional(),
}));

const containerStatus = z.lazy(() => z.looseObject({
  name: z.string(),
  restartCount: z.number().optional(),
  state: z.record(z.string(), z.looseObject({ reason: z.string().optional(), message: z.string().optional(), exitCode: z.number().optional() })).optional(),
  lastState: z.record(z.string(), z.looseObject({ reason: z.string().optional(), message: z.string().optional(), exitCode: z.number().optional() })).optional(),
}));

const podItem = z.lazy(() => z.looseObject({
  kind: z.string().optional(),
  metadata: meta,
  status: z
    .looseObject({
      phase: z.string().optional(),
      reason: z.string().optional(),
      message: z.string().optional(),
      conditions: z.array(z.looseObject({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional() })).optional(),
      containerStatuses: z.array(containerStatus).optional(),
      initContainerStatuses: z.array(containerStatus).optional(),
    })
    .optional(),
}));

const conditionsItem = z.lazy(() => z.looseObject({
  kind: z.string().optional(),
  metadata: meta,
  status: z
    .looseObject({
      conditions: z.array(z.looseObject({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional() })).optional(),
    })
    .optional(),
}));

const list = z.lazy(() => z.looseObject({ kind: z.string().optional(), items: z.array(z.unknown()) }));

const lower = (s: string | undefined) => (s ?? 'object').toLowerCase();

/** The kind of the items of a List: from the List's kind, else from the first item. */
function itemKind(doc: z.infer<typeof list>): string | undefined {
  const fromList = doc.kind?.endsWith('List') && doc.kind !== 'List' ? doc.kind.slice(0, -4) : undefined;
  const first = doc.items[0] as { kind?: unknown } | undefined;
  return fromList ?? (typeof first?.kind === 'string' ? first.kind : undefined);
}

function eventLines(items: unknown[], file: string): ContextLine[] {
  return items.flatMap((raw, i) => {
    const parsed = eventItem.safeParse(raw);
    if (!parsed.success) return [];
    const e = parsed.data;
    const obj = e.involvedObject;
    // Cluster-scoped objects (nodes) have events in `default`; the object has no namespace.
    const ns = obj.namespace;
    const context: Record<string, string> = {};
    if (ns) context.namespace = ns;
    if (obj.name) context.name = obj.name;
    if (obj.kind === 'Pod' && obj.name) context.pod = obj.name;
    if (obj.kind === 'Node' && obj.name) context.node = obj.name;
    if (obj.kind === 'Job' && obj.name) context.job = obj.name;
    const count = e.count && e.count > 1 ? ` (x${e.count})` : '';
    const text = `${e.type ?? 'Normal'} ${e.reason ?? ''} ${lower(obj.kind)}/${obj.name ?? ''}${ns ? ` -n ${ns}` : ''}: ${(e.message ?? '').trim()}${count}`;
    return [{ text, source: `${file}#${ns ? `${ns}/` : ''}${obj.name ?? ''}`, line: i + 1, context }];
  });
}

function podLines(items: unknown[], file: string): ContextLine[] {
  return items.flatMap((raw, i) => {
    const parsed = podItem.safeParse(raw);
    if (!parsed.success) return [];
    const p = parsed.data;
    const ns = p.metadata.namespace;
    const name = p.metadata.name ?? '';
    const id = `${ns ? `${ns}/` : ''}${name}`;
    const base: Record<string, string> = { pod: name, name, ...(ns ? { namespace: ns } : {}) };
    const out: ContextLine[] = [];
    const add = (text: string, extra: Record<string, string> = {}) =>
      out.push({ text, source: `${file}#${id}`, line: i + 1, context: { ...base, ...extra } });
    const st = p.status;
    if (st?.reason) add(`pod ${id} phase ${st.phase ?? 'Unknown'} reason ${st.reason}: ${st.message ?? ''}`.trim());
    for (const c of st?.conditions ?? []) {
      if (c.status !== 'True' && (c.reason || c.message)) add(`pod ${id} condition ${c.type}=${c.status} reason ${c.reason ?? ''}: ${c.message ?? ''}`.trim());
    }
    for (const cs of [...(st?.initContainerStatuses ?? []), ...(st?.containerStatuses ?? [])]) {
      const c = { container: cs.name };
      for (const [state, detail] of Object.entries(cs.state ?? {})) {
        if (state === 'running') continue;
        if (detail.reason || detail.message) add(`pod ${id} container ${cs.name} ${state} reason ${detail.reason ?? ''}${detail.exitCode !== undefined ? ` exit code ${detail.exitCode}` : ''}: ${detail.message ?? ''}`.trim(), c);
      }
      for (const [state, detail] of Object.entries(cs.lastState ?? {})) {
        if (detail.reason) add(`pod ${id} container ${cs.name} last state ${state} reason ${detail.reason}${detail.exitCode !== undefined ? ` exit code ${detail.exitCode}` : ''}${cs.restartCount ? ` (restarts ${cs.restartCount})` : ''}`, c);
      }
    }
    return out;
  });
}

/** Nodes, HPAs, Deployments and others with status conditions: the conditions that signal trouble. */
function conditionLines(items: unknown[], file: string, kind: string): ContextLine[] {
  const healthyWhenTrue = new Set(['Ready', 'Available', 'Progressing', 'AbleToScale', 'ScalingActive', 'Complete', 'Initialized', 'ContainersReady', 'PodScheduled']);
  return items.flatMap((raw, i) => {
    const parsed = conditionsItem.safeParse(raw);
    if (!parsed.success) return [];
    const o = parsed.data;
    const ns = o.metadata.namespace;
    const name = o.metadata.name ?? '';
    const id = `${ns ? `${ns}/` : ''}${name}`;
    const context: Record<string, string> = { name, ...(ns ? { namespace: ns } : {}), ...(kind === 'Node' ? { node: name } : {}), ...(kind === 'Job' ? { job: name } : {}) };
    return (o.status?.conditions ?? [])
      .filter((c) => (healthyWhenTrue.has(c.type) ? c.status !== 'True' : c.status === 'True'))
      .map((c) => ({
        text: `${kind.toLowerCase()} ${id} condition ${c.type}=${c.status} reason ${c.reason ?? ''}: ${c.message ?? ''}`.trim(),
        source: `${file}#${id}`,
        line: i + 1,
        context,
      }));
  });
}

/** A `kubectl get -o json` List (or any object with apiVersion/kind and items). */
export function isKubeList(json: unknown): boolean {
  const parsed = list.safeParse(json);
  return parsed.success && (parsed.data.kind?.endsWith('List') ?? false);
}

/**
 * Lines for a Kubernetes List document, or undefined when the JSON is not one we render
 * (then it is scanned as text).
 */
export function kubeListLines(json: unknown, file: string): ContextLine[] | undefined {
  const parsed = list.safeParse(json);
  if (!parsed.success) return undefined;
  const kind = itemKind(parsed.data);
  if (kind === 'Event') return eventLines(parsed.data.items, file);
  if (kind === 'Pod') return podLines(parsed.data.items, file);
  if (kind && ['Node', 'HorizontalPodAutoscaler', 'Deployment', 'StatefulSet', 'Job'].includes(kind)) return conditionLines(parsed.data.items, file, kind);
  return undefined;
}
