import { stampFromParts } from '../instant';
import { readDigits, readMonthName } from './digits';
import type { TimestampFormat } from './types';

/** nginx / Apache common and combined logs: `[09/Mar/2021:08:16:54 +0000]`. */
export const accessLog: TimestampFormat = {
  name: 'access-log',
  parse(line) {
    let at = line.indexOf('[');
    while (at >= 0) {
      const stamp = parseAt(line, at + 1);
      if (stamp) return stamp;
      at = line.indexOf('[', at + 1);
    }
    return undefined;
  },
};

function parseAt(line: string, at: number) {
  if (line[at + 2] !== '/' || line[at + 6] !== '/' || line[at + 11] !== ':' || line[at + 20] !== ' ') return undefined;
  const day = readDigits(line, at, 2);
  const month = readMonthName(line, at + 3);
  const year = readDigits(line, at + 7, 4);
  const h = readDigits(line, at + 12, 2);
  const m = readDigits(line, at + 15, 2);
  const s = readDigits(line, at + 18, 2);
  const sign = line[at + 21];
  const oh = readDigits(line, at + 22, 2);
  const om = readDigits(line, at + 24, 2);
  if (day < 1 || month < 0 || year < 0 || h < 0 || m < 0 || s < 0 || oh < 0 || om < 0 || (sign !== '+' && sign !== '-')) return undefined;
  const offsetMin = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  const seconds = Date.UTC(year, month, day, h, m, s) / 1000 - offsetMin * 60;
  return stampFromParts(seconds, '', 'access-log', at - 1, at + 27);
}
