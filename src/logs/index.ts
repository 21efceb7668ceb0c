import { json } from './formats/json';
import { klog } from './formats/klog';
import { logfmt } from './formats/logfmt';
import { zapConsole } from './formats/zap-console';
import type { LogFormat, LogRecord } from './types';

export type { LogRecord } from './types';

/**
 * Every structured log format, most specific first. Adding a format: its file under
 * formats/, and one line here. Timestamps alone are src/trace/timestamps' business.
 */
const LOG_FORMATS: readonly LogFormat[] = [json, klog, zapConsole, logfmt];

/** The line read apart by the first format that knows it; undefined for plain text. */
export function parseLogLine(line: string): LogRecord | undefined {
  for (const format of LOG_FORMATS) {
    const record = format.parse(line);
    if (record) return record;
  }
  return undefined;
}
