import type { LogFormat } from '../types';
import { logfmtPairs } from './logfmt-pairs';

const LEVEL: Record<string, string> = { I: 'INFO', W: 'WARN', E: 'ERROR', F: 'FATAL' };
// `I0615 08:42:04.000000       1 proxier.go:816] msg`: the header's shape, anchored, no backtracking.
const HEADER = /^([IWEF])(\d{4}) (\d\d:\d\d:\d\d(?:\.\d+)?) +(\d+) ([^\]\s]+)\] /;

/** klog / glog (Kubernetes components), with structured `"message" key="value"` bodies read apart. */
export const klog: LogFormat = {
  name: 'klog',
  parse(line) {
    const m = HEADER.exec(line);
    if (!m) return undefined;
    const body = line.slice(m[0].length);
    const fields: [string, string][] = [['source', m[5]!]];
    let message = body;
    // Structured logging: the message quoted, then logfmt pairs.
    if (body.startsWith('"')) {
      let i = 1;
      let text = '';
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\' && i + 1 < body.length) i++;
        text += body[i];
        i++;
      }
      const pairs = i < body.length ? logfmtPairs(body.slice(i + 1)) : undefined;
      if (pairs) {
        message = text;
        fields.push(...pairs);
      }
    }
    return { format: 'klog', time: `${m[2]!.slice(0, 2)}-${m[2]!.slice(2)} ${m[3]}`, level: LEVEL[m[1]!], message, fields };
  },
};
