// The replay's clock. kubectl draws `get`'s ages from the Tables the replay renders (at the
// capture time), but `describe` computes its ages on the client, from its own clock: a
// bundle served as captured reads "2y172d" there. So `triage replay` can serve the bundle as
// if it had been captured when the replay started: every timestamp of every object, event and
// log line moved forward by one whole number of seconds, said in the banner and in a response
// header. triage's own client asks for the bundle's own times (a request header) and learns
// the capture time from the answer, so captures and walks through a replay keep its clock.

/** Request header: `captured` asks for the bundle's own times, unshifted. */
export const CLOCK_REQUEST_HEADER = 'triage-clock';
/** Response header on every answer of a replay: the bundle's capturedAt. */
export const CAPTURED_AT_HEADER = 'triage-captured-at';
/** Response header when the answer's times were moved: by how many seconds. */
export const SHIFT_HEADER = 'triage-clock-shift-seconds';

/** Field names that hold instants in Kubernetes objects (creationTimestamp, lastTimestamp, eventTime, startedAt, time, ...). */
const TIME_KEY = /^(?:time|.*(?:Time|Timestamp|At))$/;
const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** Values of these keys are a ConfigMap's or Secret's content, never moved. */
const OPAQUE_KEYS = new Set(['data', 'binaryData', 'stringData']);

/** An RFC 3339 instant moved by whole seconds, its fraction kept as written; undefined for anything else. */
export function shiftTime(value: string, shiftMs: number): string | undefined {
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const base = Date.parse(`${m[1]}${m[3]}`);
  if (!Number.isFinite(base)) return undefined;
  return `${new Date(base + shiftMs).toISOString().slice(0, 19)}${m[2] ?? ''}Z`;
}

/** JSON of an answer with every instant under a time-named key moved by `shiftMs`. */
export function shiftedJson(body: unknown, shiftMs: number): string {
  if (!shiftMs) return JSON.stringify(body);
  const opaque = new WeakSet<object>();
  return JSON.stringify(body, function (this: object, key: string, value: unknown) {
    if (opaque.has(this)) return value;
    if (OPAQUE_KEYS.has(key) && value && typeof value === 'object') {
      opaque.add(value);
      return value;
    }
    if (typeof value === 'string' && TIME_KEY.test(key)) return shiftTime(value, shiftMs) ?? value;
    return value;
  });
}

/** A log line (`<RFC 3339> text`) with its stamp moved; a line without one as it was. */
export function shiftLogLine(line: Buffer, shiftMs: number): Buffer {
  if (!shiftMs) return line;
  const space = line.indexOf(0x20);
  if (space <= 0 || space > 40) return line;
  const moved = shiftTime(line.subarray(0, space).toString('latin1'), shiftMs);
  return moved ? Buffer.concat([Buffer.from(moved, 'latin1'), line.subarray(space)]) : line;
}

export class ReplayClock {
  private constructor(
    readonly capturedAt: Date,
    /** Whole seconds: second-precision stamps stay exact. */
    readonly shiftMs: number,
  ) {}

  /** `shift`: serve as if captured at `startedAt`; otherwise as captured. */
  static start(capturedAt: Date, shift: boolean, startedAt = Date.now()): ReplayClock {
    return new ReplayClock(capturedAt, shift ? Math.floor((startedAt - capturedAt.getTime()) / 1000) * 1000 : 0);
  }

  /** The shift one request gets: none when it asks for the bundle's own times. */
  shiftFor(headers: Record<string, string | string[] | undefined>): number {
    return this.shiftMs && headers[CLOCK_REQUEST_HEADER] !== 'captured' ? this.shiftMs : 0;
  }

  /** "Now" in the bundle's own times, for ages: the capture time, plus the time served when shifted. */
  now(shiftMs: number): Date {
    return shiftMs ? new Date(Date.now() - shiftMs) : this.capturedAt;
  }
}
