import { levelOf } from '../levels';
import type { LogFormat } from '../types';

/**
 * zap's console encoder (OpenTelemetry Collector, many Go services): tab-separated
 * `[time]\tlevel\tcaller\tmessage\t{json fields}`.
 */
export const zapConsole: LogFormat = {
  name: 'zap',
  parse(line) {
    if (line.indexOf('\t') < 0) return undefined;
    const parts = line.split('\t');
    const at = levelOf(parts[0]!) ? 0 : levelOf(parts[1] ?? '') ? 1 : -1;
    if (at < 0 || parts.length < at + 3) return undefined;
    const fields: [string, string][] = [['caller', parts[at + 1]!]];
    const rest = parts.slice(at + 3);
    for (const part of rest) {
      let extra: unknown;
      try {
        extra = part.startsWith('{') ? JSON.parse(part) : undefined;
      } catch {
        extra = undefined;
      }
      if (extra && typeof extra === 'object' && !Array.isArray(extra)) {
        for (const [k, v] of Object.entries(extra)) fields.push([k, typeof v === 'string' ? v : JSON.stringify(v)]);
      } else fields.push(['', part]);
    }
    return { format: 'zap', ...(at === 1 ? { time: parts[0] } : {}), level: levelOf(parts[at]!), message: parts[at + 2]!, fields };
  },
};
