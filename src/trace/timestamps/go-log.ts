import { stampFromParts } from '../instant';
import { digitRun, readDigits } from './digits';
import type { TimestampFormat } from './types';

/** Go's standard `log` package: `2021/03/09 08:16:54` with optional microseconds, local time taken as UTC. */
export const goLog: TimestampFormat = {
  name: 'go',
  parse(line) {
    if (line[4] !== '/' || line[7] !== '/' || line[10] !== ' ' || line[13] !== ':' || line[16] !== ':') return undefined;
    const year = readDigits(line, 0, 4);
    const month = readDigits(line, 5, 2);
    const day = readDigits(line, 8, 2);
    const h = readDigits(line, 11, 2);
    const m = readDigits(line, 14, 2);
    const s = readDigits(line, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || h < 0 || m < 0 || s < 0) return undefined;
    let end = 19;
    let fraction = '';
    if (line[19] === '.') {
      const n = digitRun(line, 20);
      fraction = line.slice(20, 20 + n);
      end = 20 + n;
    }
    return stampFromParts(Date.UTC(year, month - 1, day, h, m, s) / 1000, fraction, 'go', 0, end);
  },
};
