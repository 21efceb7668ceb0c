import { stampFromParts } from '../instant';
import { digitRun, readDigits } from './digits';
import type { Stamp, TimestampFormat } from './types';

/**
 * RFC 3339 / ISO 8601 starting exactly at `at`: `2026-06-15T08:33:46.123456789+02:00`,
 * also with a space for the `T` (PostgreSQL, Python), a comma before the fraction, and
 * offsets written `Z`, `+02:00`, `+0200` or `+02`. Without an offset the time is UTC.
 */
export function parseIsoAt(text: string, at: number, format = 'rfc3339'): Stamp | undefined {
  const year = readDigits(text, at, 4);
  if (year < 0 || text.charCodeAt(at + 4) !== 45 /* - */ || text.charCodeAt(at + 7) !== 45) return undefined;
  const month = readDigits(text, at + 5, 2);
  const day = readDigits(text, at + 8, 2);
  const sep = text[at + 10];
  if (month < 1 || month > 12 || day < 1 || day > 31 || (sep !== 'T' && sep !== ' ' && sep !== 't')) return undefined;
  const h = readDigits(text, at + 11, 2);
  const m = readDigits(text, at + 14, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59 || text[at + 13] !== ':') return undefined;
  let i = at + 16;
  let s = 0;
  if (text[i] === ':') {
    s = readDigits(text, i + 1, 2);
    if (s < 0 || s > 60) return undefined;
    i += 3;
  }
  let fraction = '';
  if ((text[i] === '.' || text[i] === ',') && digitRun(text, i + 1) > 0) {
    const n = digitRun(text, i + 1);
    fraction = text.slice(i + 1, i + 1 + n);
    i += 1 + n;
  }
  let offsetMin = 0;
  const z = text[i];
  if (z === 'Z' || z === 'z') i++;
  else if (z === '+' || z === '-') {
    const oh = readDigits(text, i + 1, 2);
    if (oh >= 0) {
      let om = 0;
      let len = 3;
      if (text[i + 3] === ':' && readDigits(text, i + 4, 2) >= 0) {
        om = readDigits(text, i + 4, 2);
        len = 6;
      } else if (readDigits(text, i + 3, 2) >= 0 && digitRun(text, i + 3) === 2) {
        om = readDigits(text, i + 3, 2);
        len = 5;
      }
      offsetMin = (z === '-' ? -1 : 1) * (oh * 60 + om);
      i += len;
    }
  }
  const seconds = Date.UTC(year, month - 1, day, h, m, s) / 1000 - offsetMin * 60;
  return stampFromParts(seconds, fraction, format, at, i);
}

const EMBEDDED = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/** At the start of the line (after `[` or a syslog `<PRI>1 `), else the first one anywhere on it. */
export const rfc3339: TimestampFormat = {
  name: 'rfc3339',
  parse(line) {
    let at = 0;
    if (line[0] === '[') at = 1;
    else if (line[0] === '<') {
      const close = line.indexOf('>');
      if (close > 0 && close < 5) at = line[close + 1] === '1' && line[close + 2] === ' ' ? close + 3 : close + 1;
    }
    const start = parseIsoAt(line, at);
    if (start) return start;
    const found = EMBEDDED.exec(line);
    return found ? parseIsoAt(line, found.index) : undefined;
  },
};
