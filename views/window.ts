/** The slice of a long list that fits `size` rows. */
export interface ListWindow {
  start: number;
  /** Exclusive. */
  end: number;
}

/** A window that keeps `selected` visible, centred where the list allows. */
export function windowAround(total: number, selected: number, size: number): ListWindow {
  const rows = Math.max(0, size);
  if (total <= rows) return { start: 0, end: total };
  const start = Math.min(Math.max(0, selected - Math.floor(rows / 2)), total - rows);
  return { start, end: start + rows };
}

/** A window scrolled to `offset`, never past the end of the list. */
export function windowFrom(total: number, offset: number, size: number): ListWindow {
  const rows = Math.max(0, size);
  const start = Math.min(Math.max(0, offset), Math.max(0, total - rows));
  return { start, end: Math.min(total, start + rows) };
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
