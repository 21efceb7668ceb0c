import { stampFromParts } from '../instant';
import { inferYear, readDigits, readMonthName } from './digits';
import type { TimestampFormat } from './types';

/** BSD syslog (RFC 3164): `Mar  9 08:16:54 host app[1]: ...`, optionally after `<PRI>`; no year, so from the context. */
export const syslog: TimestampFormat = {
  name: 'syslog',
  parse(line, context) {
    let at = 0;
    if (line[0] === '<') {
      const close = line.indexOf('>');
      if (close < 2 || close > 4) return undefined;
      at = close + 1;
    }
    const month = readMonthName(line, at);
    if (month < 0 || line[at + 3] !== ' ') return undefined;
    const day = line[at + 4] === ' ' ? readDigits(line, at + 5, 1) : readDigits(line, at + 4, 2);
    const h = readDigits(line, at + 7, 2);
    const m = readDigits(line, at + 10, 2);
    const s = readDigits(line, at + 13, 2);
    if (day < 1 || day > 31 || h < 0 || m < 0 || s < 0 || line[at + 9] !== ':' || line[at + 12] !== ':') return undefined;
    return stampFromParts(inferYear(month, day, h, m, s, context.referenceMs) / 1000, '', 'syslog', at, at + 15);
  },
};
