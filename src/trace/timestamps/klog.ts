import { stampFromParts } from '../instant';
import { digitRun, inferYear, readDigits } from './digits';
import type { TimestampFormat } from './types';

/** klog / glog: `I0615 08:33:46.123456   1 file.go:12] ...`; no year, so it comes from the context. */
export const klog: TimestampFormat = {
  name: 'klog',
  parse(line, context) {
    const level = line[0];
    if ((level !== 'I' && level !== 'W' && level !== 'E' && level !== 'F') || line[5] !== ' ' || line[8] !== ':') return undefined;
    const month = readDigits(line, 1, 2);
    const day = readDigits(line, 3, 2);
    const h = readDigits(line, 6, 2);
    const m = readDigits(line, 9, 2);
    const s = readDigits(line, 12, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31 || h < 0 || m < 0 || s < 0 || line[11] !== ':') return undefined;
    let end = 14;
    let fraction = '';
    if (line[14] === '.') {
      const n = digitRun(line, 15);
      fraction = line.slice(15, 15 + n);
      end = 15 + n;
    }
    const ms = inferYear(month - 1, day, h, m, s, context.referenceMs);
    return stampFromParts(ms / 1000, fraction, 'klog', 0, end);
  },
};
