/** The value at a dotted path (`build.commit`, `items.0.sha`, `items[0].sha`), or undefined. */
export function jsonAt(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A JSON value as one short line: strings bare, everything else as JSON. */
export function showJson(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
