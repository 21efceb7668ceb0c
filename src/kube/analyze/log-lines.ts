// Lines as `kubectl logs --timestamps` prints them: an RFC 3339 instant, a space, the line.

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** `2026-06-15T09:03:58.511194549Z text` -> time and text; a line without one stays whole. */
export function splitTimestamp(line: string): { time?: string; text: string } {
  const space = line.indexOf(' ');
  const head = space > 0 ? line.slice(0, space) : '';
  return RFC3339.test(head) ? { time: head, text: line.slice(space + 1) } : { text: line };
}

/** RFC 3339 instants with any fraction length compared as instants, to the nanosecond. */
export function compareTimes(a: string, b: string): number {
  const [ma, fa] = instant(a);
  const [mb, fb] = instant(b);
  return ma !== mb ? ma - mb : fa.localeCompare(fb);
}

/** A string that sorts as the instant does: whole seconds, then nanoseconds. */
export function timeKey(t: string): string {
  const [ms, fraction] = instant(t);
  return `${String(Math.floor(ms / 1000)).padStart(12, '0')}.${fraction}`;
}

function instant(t: string): [number, string] {
  const m = /^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(t);
  if (!m) return [Date.parse(t), ''];
  return [Date.parse(`${m[1]}${m[3]}`), (m[2] ?? '').padEnd(9, '0')];
}
