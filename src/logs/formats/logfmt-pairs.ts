/**
 * `key=value key2="quoted value"` pairs, in order; undefined when the text is not all
 * pairs (a sentence with one `=` in it is not logfmt). Linear: one pass, no regex.
 */
export function logfmtPairs(text: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === ' ') i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && text[i] !== '=' && text[i] !== ' ' && text[i] !== '"') i++;
    if (i === keyStart || text[i] !== '=') return undefined;
    const key = text.slice(keyStart, i);
    i++;
    let value = '';
    if (text[i] === '"') {
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n) i++;
        value += text[i];
        i++;
      }
      if (i >= n) return undefined;
      i++;
    } else {
      const start = i;
      while (i < n && text[i] !== ' ') i++;
      value = text.slice(start, i);
    }
    pairs.push([key, value]);
  }
  return pairs;
}
