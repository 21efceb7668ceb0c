import { requestDurationMs } from '../trace/request-duration';
import type { NoteTimeline } from './timeline';
import { messageOf } from './timeline';

// Where the trace id moved from one service to the next, as the lines show it. A hop is
// drawn only into a line that carries the id, from a service the lines say sent it: the
// latest earlier line of another service that names the receiver (`target=api-gateway`,
// `upstream=checkout.shop.svc`), else the receiver's predecessor in the plan's order when
// that one saw the trace. Context (events, terminations) and replies never make a hop.

interface Hop {
  from: string;
  to: string;
  /** The entry where the trace arrived. */
  index: number;
  /** What happened: the request the receiver logged (`POST /api/orders`), else what the sender said it sent, else the receiver's first words. */
  label: string;
}

export interface TraceWalk {
  hops: Hop[];
  /** Services whose first sighting no line explains: drawn as "first seen here". */
  unexplained: number[];
  /** Services in the order they first handled the trace. */
  order: string[];
}

const METHOD = /"method"\s*:\s*"([A-Z]{3,7})"|\bmethod=([A-Z]{3,7})\b/;
const PATH = /"(?:path|url|uri|route)"\s*:\s*"([^"\s]+)"|\b(?:path|url|uri)=("[^"]+"|\S+)/;

/** `POST /api/orders` when a line is a request log; undefined otherwise. */
function requestOf(text: string): string | undefined {
  const method = METHOD.exec(text);
  const path = PATH.exec(text);
  if (!method || !path) return undefined;
  return `${method[1] ?? method[2]} ${(path[1] ?? path[2]!).replace(/^"|"$/g, '')}`;
}

const SAID_REQUEST = /\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/[^\s"'?]*)/;

/** The request a line logged or says it sent: structured fields, else `POST /api/orders` in its words. */
function requestIn(text: string): string | undefined {
  const said = SAID_REQUEST.exec(messageOf(text));
  return requestOf(text) ?? (said ? `${said[1]} ${said[2]}` : undefined);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a line names a service as a whole word: `api-gateway`, `checkout.shop.svc`, not `e2e-checkout-flow`. */
function names(text: string, service: string): boolean {
  return new RegExp(`(?:^|[^A-Za-z0-9_-])${escapeRegExp(service)}(?=$|[^A-Za-z0-9_-])`).test(text);
}

/** When a line's work began: its time, earlier by the duration an access log reports. */
export function began(time: string | undefined, text: string): number {
  const t = time ? Date.parse(time) : Number.NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t - requestDurationMs(text);
}

const STATUS = /"status(?:_?code)?"\s*:\s*"?(\d{3})\b|\bstatus(?:_?code)?=(\d{3})\b/;

/** What a line says, shortly: a request log as `POST /v1/charges → 502`, else its message; without trace ids. */
export function lineGist(text: string): string {
  const request = requestOf(text);
  const status = STATUS.exec(text);
  return withoutIds(request ? `${request}${status ? ` → ${status[1] ?? status[2]}` : ''}` : messageOf(text));
}

/** A label without the ids every line of the trace carries. */
function withoutIds(text: string): string {
  return text.replace(/\s*\b(?:trace_?id|span_?id|traceparent)["']?\s*[=:]\s*["']?[0-9a-fA-F-]+["']?/g, '').trim();
}

export function traceHops(timeline: NoteTimeline, known: readonly string[] = []): TraceWalk {
  const { entries, traceId } = timeline;
  const carries = traceId && entries.some((e) => e.text.includes(traceId));
  const sightings = entries
    .map((e, index) => ({ e, index, began: began(e.time, e.text) }))
    .filter(({ e }) => !carries || e.text.includes(traceId!))
    .sort((a, b) => a.began - b.began || a.index - b.index);
  // A visit: consecutive sightings in one service. A hop leads into a visit — the first in
  // its service, or a later one in which the service logged a request it received.
  const visits: (typeof sightings)[] = [];
  for (const x of sightings) {
    const last = visits.at(-1);
    if (last && last[0]!.e.service === x.e.service) last.push(x);
    else visits.push([x]);
  }
  const hops: Hop[] = [];
  const unexplained: number[] = [];
  const order: string[] = [];
  const seen: typeof sightings = [];
  for (const [n, visit] of visits.entries()) {
    const head = visit[0]!;
    const to = head.e.service;
    const first = !order.includes(to);
    const request = visit.map((x) => requestOf(x.e.text)).find((r) => r !== undefined);
    // A repeat of a request already drawn is the same request's access log, written when it ended.
    const repeat = !first && hops.some((h) => h.to === to && h.label === request);
    if (n > 0 && (first || (request && !repeat))) {
      const namer = seen.findLast((x) => x.e.service !== to && names(x.e.text, to));
      const at = known.indexOf(to);
      const predecessor = at > 0 ? known.slice(0, at).findLast((k) => order.includes(k)) : undefined;
      const from = namer?.e.service ?? predecessor;
      if (from !== undefined) {
        const said = namer ? (requestIn(namer.e.text) ?? messageOf(namer.e.text)) : undefined;
        hops.push({ from, to, index: head.index, label: withoutIds(request ?? said ?? messageOf(head.e.text)) });
      } else if (first) unexplained.push(head.index);
    }
    if (first) order.push(to);
    seen.push(...visit);
  }
  // Services only context names (an event about a pod) still have a lane, after the path.
  for (const e of entries) if (!order.includes(e.service)) order.push(e.service);
  return { hops, unexplained, order };
}
