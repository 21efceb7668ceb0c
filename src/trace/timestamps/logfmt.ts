import { parseEpoch } from './epoch';
import { parseIsoAt } from './rfc3339';
import type { TimestampFormat } from './types';

const FIELD = /(?:^|\s)(?:ts|time|timestamp)=("?)([^\s"]+)\1/;

/** logfmt (`level=info ts=2021-03-09T08:16:54.123Z msg=...`): RFC 3339 or an epoch number. */
export const logfmt: TimestampFormat = {
  name: 'logfmt',
  parse(line) {
    if (line.indexOf('=') < 0) return undefined;
    const m = FIELD.exec(line);
    if (!m) return undefined;
    const value = m[2]!;
    const at = m.index + m[0].length - value.length - m[1]!.length;
    const iso = parseIsoAt(value, 0, 'logfmt');
    if (iso) return { ...iso, start: at, end: at + iso.end };
    const t = parseEpoch(value);
    return t && { ...t, format: 'logfmt', start: at, end: at + value.length };
  },
};
