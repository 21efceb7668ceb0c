import { parseEpoch } from './epoch';
import { parseIsoAt } from './rfc3339';
import type { TimestampFormat } from './types';

const FIELD = /"(@timestamp|timestamp|time|ts)"\s*:\s*(?:"([^"]*)"|(\d+(?:\.\d+)?))/;

/** Structured JSON logs: `ts`, `time`, `timestamp` or `@timestamp`, as epoch s/ms/µs/ns or RFC 3339 text. */
export const jsonField: TimestampFormat = {
  name: 'json',
  parse(line) {
    if (line.indexOf('{') < 0) return undefined;
    const m = FIELD.exec(line);
    if (!m) return undefined;
    const value = (m[2] ?? m[3])!;
    const valueAt = m.index + m[0].lastIndexOf(value);
    if (m[3] !== undefined) {
      const t = parseEpoch(m[3]);
      return t && { ...t, format: 'json', start: valueAt, end: valueAt + m[3].length };
    }
    const iso = parseIsoAt(value, 0, 'json');
    if (iso) return { ...iso, start: valueAt, end: valueAt + iso.end };
    const t = parseEpoch(value);
    return t && { ...t, format: 'json', start: valueAt, end: valueAt + value.length };
  },
};
