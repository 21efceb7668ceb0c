// Finding the trace in text. The hot path searches a whole block of lines for each id's
// spellings with indexOf (no splitting, no regex); only lines that hit are cut out.

/** Where ids live when the plan names no patterns: JSON/logfmt fields, W3C traceparent, task and job ids. */
export const DEFAULT_ID_PATTERNS: readonly string[] = [
  `["']?(?:trace[_-]?id|traceId|request[_-]?id|requestId|correlation[_-]?id|correlationId)["']?\\s*[:=]\\s*["']?([A-Za-z0-9][A-Za-z0-9_.:-]{7,})`,
  `\\b00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}\\b`,
  `["']?(?:task|job|execution|run)[_-]?(?:id|uuid)["']?\\s*[:=]\\s*["']?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`,
  `["']?(?:job|task)[_-]?name["']?\\s*[:=]\\s*["']?([A-Za-z0-9][A-Za-z0-9_.-]{2,})`,
];

/** An id the timeline follows and why (the trace id itself has no reason). */
export interface FollowedId {
  id: string;
  why?: string;
}

interface Needle {
  /** Searched with indexOf; the shared prefix of the spellings below. */
  prefix: string;
  spellings: { text: string; id: number }[];
}

export interface LineHit {
  start: number;
  end: number;
  /** Index into the matcher's ids. */
  id: number;
}

/** The spellings an id is written in: as given, lower and upper case, a UUID with and without dashes. */
export function spellingsOf(id: string): string[] {
  const out = new Set([id, id.toLowerCase(), id.toUpperCase()]);
  if (/^[0-9a-f]{32}$/i.test(id)) {
    const d = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
    out.add(d.toLowerCase()).add(d.toUpperCase());
  } else if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    const u = id.replace(/-/g, '');
    out.add(u.toLowerCase()).add(u.toUpperCase());
  }
  return [...out];
}

const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

export class TraceMatcher {
  private readonly needles: Needle[] = [];

  constructor(readonly ids: readonly FollowedId[]) {
    const byPrefix = new Map<string, Needle>();
    ids.forEach(({ id }, index) => {
      for (const text of spellingsOf(id)) {
        const prefix = text.slice(0, 8);
        let needle = byPrefix.get(prefix);
        if (!needle) byPrefix.set(prefix, (needle = { prefix, spellings: [] }));
        needle.spellings.push({ text, id: index });
      }
    });
    this.needles = [...byPrefix.values()];
  }

  /** The id written at `at`, standing alone (no letter or digit glued to either side), or -1. */
  private idAt(text: string, at: number, needle: Needle): number {
    if (at > 0 && isWordCode(text.charCodeAt(at - 1))) return -1;
    for (const s of needle.spellings) {
      if (text.startsWith(s.text, at) && !isWordCode(text.charCodeAt(at + s.text.length))) return s.id;
    }
    return -1;
  }

  /** The index of the first id the text mentions, or -1. */
  test(text: string): number {
    let best = -1;
    for (const needle of this.needles) {
      let at = text.indexOf(needle.prefix);
      while (at >= 0) {
        const id = this.idAt(text, at, needle);
        if (id >= 0 && (best < 0 || id < best)) best = id;
        if (id >= 0) break;
        at = text.indexOf(needle.prefix, at + 1);
      }
    }
    return best;
  }

  /** The lines of a block that mention an id, in block order, each once (the lowest id index wins). */
  linesIn(block: string): LineHit[] {
    const hits = new Map<number, LineHit>();
    for (const needle of this.needles) {
      let at = block.indexOf(needle.prefix);
      while (at >= 0) {
        const id = this.idAt(block, at, needle);
        if (id >= 0) {
          const start = block.lastIndexOf('\n', at) + 1;
          const seen = hits.get(start);
          if (!seen || id < seen.id) {
            const nl = block.indexOf('\n', at);
            hits.set(start, { start, end: nl < 0 ? block.length : nl, id });
          }
        }
        at = block.indexOf(needle.prefix, at + 1);
      }
    }
    const lines = [...hits.values()];
    if (this.needles.length > 1) lines.sort((a, b) => a.start - b.start);
    return lines;
  }
}

/** Compile id patterns (regex sources with one capture group); a bad one names itself. */
export function compileIdPatterns(sources: readonly string[]): RegExp[] {
  return sources.map((source) => new RegExp(source, 'g'));
}

/** Ids other than the known ones that the patterns capture on a line. */
export function idsOnLine(line: string, patterns: readonly RegExp[], known: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (const m of line.matchAll(pattern)) {
      const id = m[1];
      if (id && !known.has(id.toLowerCase()) && !found.includes(id)) found.push(id);
    }
  }
  return found;
}
