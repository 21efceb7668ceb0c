/** A check name from free text: `Worker API` → `worker-api`, `results/*.parquet` → `results-parquet`. */
export function slug(text: string, fallback: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/[._]*-[-._]*/g, '-')
    .replace(/^[^a-z0-9]+|[-._]+$/g, '');
  return s === '' ? fallback : s;
}
