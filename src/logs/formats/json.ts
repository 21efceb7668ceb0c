import { levelOf } from '../levels';
import type { LogFormat } from '../types';

const LEVEL_KEYS = ['level', 'severity', 'lvl', 'log.level', 'levelname'];
const MESSAGE_KEYS = ['message', 'msg', 'log', 'text'];
const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'ts', 'datetime'];

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** One JSON object per line (logback, bunyan, zap production, ECS): `{"level":"INFO","message":…}`. */
export const json: LogFormat = {
  name: 'json',
  parse(line) {
    if (!line.startsWith('{') || !line.trimEnd().endsWith('}')) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const entries = Object.entries(value as Record<string, unknown>);
    const find = (keys: readonly string[]) => entries.find(([k]) => keys.includes(k.toLowerCase()));
    const level = find(LEVEL_KEYS);
    const message = find(MESSAGE_KEYS);
    const time = find(TIME_KEYS);
    const used = new Set([level?.[0], message?.[0], time?.[0]]);
    return {
      format: 'json',
      ...(time ? { time: show(time[1]) } : {}),
      ...(level ? { level: levelOf(show(level[1])) ?? show(level[1]).toUpperCase() } : {}),
      message: message ? show(message[1]) : '',
      fields: entries.filter(([k]) => !used.has(k)).map(([k, v]) => [k, show(v)]),
    };
  },
};
