// `--request-timeout DUR`, read as kubectl reads it: a Go duration (`30s`, `1m`, `1m30s`,
// `500ms`), a bare number of seconds, or 0 for no limit.
import { flagString, UsageError, type ParsedArgs } from './args';

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;

/** Milliseconds; 0 means no limit. Throws a UsageError naming the value when it is not a duration. */
export function parseRequestTimeout(text: string): number {
  const value = text;
  const bad = () => new UsageError(`--request-timeout must be a duration such as 30s, 1m or 0 for none (got "${text}")`);
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!value) throw bad();
  let ms = 0;
  PART.lastIndex = 0;
  let at = 0;
  for (let m = PART.exec(value); m; m = PART.exec(value)) {
    ms += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = PART.lastIndex;
  }
  if (at !== value.length) throw bad();
  return Math.ceil(ms);
}

/** The flag's value in ms, or undefined when it was not given. */
export function requestTimeoutOf(args: ParsedArgs): number | undefined {
  const given = flagString(args, 'request-timeout');
  return given === undefined ? undefined : parseRequestTimeout(given);
}
