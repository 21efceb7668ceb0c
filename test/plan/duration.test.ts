import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/model/duration';

describe('formatDuration', () => {
  it.each([
    [420, '420ms'],
    [4_200, '4.2s'],
    [42_000, '42s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [86_400_000, '1d'],
    [(163 * 24 + 6) * 3_600_000 + 39 * 60_000, '163d6h'],
  ])('writes %i ms as %s, in days past a day', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes whole units that parseDuration reads back', () => {
    for (const ms of [3_600_000, 5_400_000, 86_400_000, 2 * 86_400_000 + 3_600_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
