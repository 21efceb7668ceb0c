import { levelOf } from '../levels';
import type { LogFormat } from '../types';
import { logfmtPairs } from './logfmt-pairs';

/** logfmt (Go kit, Prometheus exporters, Heroku): `ts=… level=error msg="collector failed" name=hwmon`. */
export const logfmt: LogFormat = {
  name: 'logfmt',
  parse(line) {
    if (line.indexOf('=') < 0) return undefined;
    const pairs = logfmtPairs(line);
    if (!pairs || pairs.length < 2) return undefined;
    const find = (keys: readonly string[]) => pairs.find(([k]) => keys.includes(k.toLowerCase()));
    const level = find(['level', 'lvl', 'severity']);
    const message = find(['msg', 'message']);
    // Pairs alone are not a log line: it names its level or its message.
    if (!level && !message) return undefined;
    const time = find(['ts', 'time', 'timestamp', 't']);
    const used = new Set([level?.[0], message?.[0], time?.[0]]);
    return {
      format: 'logfmt',
      ...(time ? { time: time[1] } : {}),
      ...(level ? { level: levelOf(level[1]) ?? level[1].toUpperCase() } : {}),
      message: message?.[1] ?? '',
      fields: pairs.filter(([k]) => !used.has(k)),
    };
  },
};
