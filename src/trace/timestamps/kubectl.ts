import { parseIsoAt } from './rfc3339';
import type { TimestampFormat } from './types';

/** `kubectl logs --timestamps`: RFC 3339 with nanoseconds in UTC, then one space, then the line. */
export const kubectlPrefix: TimestampFormat = {
  name: 'kubectl',
  parse(line) {
    if (line.charCodeAt(4) !== 45 || line.charCodeAt(10) !== 84 /* T */) return undefined;
    const stamp = parseIsoAt(line, 0, 'kubectl');
    return stamp && stamp.end < line.length + 1 && (line[stamp.end] === ' ' || stamp.end === line.length) && line[stamp.end - 1] === 'Z' ? stamp : undefined;
  },
};
