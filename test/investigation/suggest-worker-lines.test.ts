import { describe, expect, it } from 'vitest';
import { linesAsBytes } from '../../src/investigation/suggest-worker';
import type { FactLine } from '../../src/signatures/facts';

// A facts request's lines cross into the suggestion worker as JSON bytes, written in turns of
// the event loop: the worker reads the same lines, and the workbench is not held while they are written.

const line = (i: number): FactLine => ({
  text: `2026-06-15T09:00:00Z level=error msg="request failed" attempt=${i} ünïcode ✗ "quoted"\\n`,
  source: `team-${i % 50}/svc-${i % 500}/app`,
  ...(i % 3 ? { time: '2026-06-15T09:00:00.123Z' } : {}),
  object: `team-${i % 50}/pod/svc-${i % 500}`,
  subject: `svc-${i % 500}`,
  namespace: `team-${i % 50}`,
  context: { namespace: `team-${i % 50}`, pod: `svc-${i % 500}`, container: 'app' },
  ...(i % 7 === 0 ? { guess: false as const } : {}),
});

describe('facts lines for the suggestion worker', () => {
  it('are read back as the same lines, in order', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => line(i));
    const bytes = await linesAsBytes(lines);
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(lines);
    expect(JSON.parse(new TextDecoder().decode(await linesAsBytes([])))).toEqual([]);
  });

  it('let the event loop turn while tens of thousands are written', async () => {
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    // Tens of milliseconds of writing on any machine: a turn every 8 ms of it.
    const lines = Array.from({ length: 100_000 }, (_, i) => line(i));
    await linesAsBytes(lines);
    done = true;
    expect(turns).toBeGreaterThanOrEqual(2);
  });
});
