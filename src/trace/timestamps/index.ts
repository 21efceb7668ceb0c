import { accessLog } from './access-log';
import { goLog } from './go-log';
import { jsonField } from './json-field';
import { klog } from './klog';
import { kubectlPrefix } from './kubectl';
import { logfmt } from './logfmt';
import { rfc3339 } from './rfc3339';
import { syslog } from './syslog';
import type { Stamp, TimeContext, TimestampFormat } from './types';

export type { Stamp, TimeContext } from './types';

/**
 * Every timestamp format, most specific first: a format anchored at the line's start
 * wins over one found inside it, and RFC 3339 anywhere on the line comes last.
 * Adding a format: its file, and one line here.
 */
const TIMESTAMP_FORMATS: readonly TimestampFormat[] = [kubectlPrefix, klog, goLog, syslog, accessLog, jsonField, logfmt, rfc3339];

/**
 * The line's timestamp. A source's lines usually share one format, so the caller passes
 * the index that matched last (`hint.format`) and it is tried first.
 */
export function parseTimestamp(line: string, context: TimeContext, hint?: { format: number }): Stamp | undefined {
  if (hint && hint.format >= 0) {
    const stamp = TIMESTAMP_FORMATS[hint.format]!.parse(line, context);
    if (stamp) return stamp;
  }
  for (let i = 0; i < TIMESTAMP_FORMATS.length; i++) {
    if (hint && i === hint.format) continue;
    const stamp = TIMESTAMP_FORMATS[i]!.parse(line, context);
    if (stamp) {
      if (hint) hint.format = i;
      return stamp;
    }
  }
  return undefined;
}
