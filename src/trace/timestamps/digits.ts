// Small character-level readers shared by the formats: faster than a regex and exact.

/** The number written by `count` ASCII digits at `at`, or -1. */
export function readDigits(text: string, at: number, count: number): number {
  if (at + count > text.length) return -1;
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** How many ASCII digits start at `at`. */
export function digitRun(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i - at;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Month index 0..11 of a three-letter English month name at `at`, or -1. */
export function readMonthName(text: string, at: number): number {
  return MONTHS.indexOf(text.slice(at, at + 3));
}

/**
 * Epoch milliseconds of a wall-clock time without a year, taken from the reference:
 * a time more than two days after the reference belongs to the year before (a log
 * read in January that was written in December).
 */
export function inferYear(month: number, day: number, h: number, m: number, s: number, referenceMs: number): number {
  const year = new Date(referenceMs).getUTCFullYear();
  const ms = Date.UTC(year, month, day, h, m, s);
  return ms > referenceMs + 2 * 86_400_000 ? Date.UTC(year - 1, month, day, h, m, s) : ms;
}
