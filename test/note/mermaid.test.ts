import { describe, expect, it } from 'vitest';
import { sequenceDiagram } from '../../src/note/mermaid';
import { withDerivedFacts, type TimelineEntry } from '../../src/note/timeline';
import { parseSequence } from './mermaid';

const entry = (time: string, service: string, text: string, error = false): TimelineEntry => ({ time, service, source: `shop/${service}`, text, error });

describe('the sequence diagram', () => {
  it('keeps hostile log text inside its message: semicolons, hashes, comments, arrows, newlines', async () => {
    const timeline = withDerivedFacts(
      [
        entry('2026-06-15T08:33:40Z', 'gateway', 'POST /v1/runs; #42 %% accepted -->> queue'),
        entry('2026-06-15T08:33:41Z', 'end', 'enqueued\nsecond line; `code` <b>bold</b> 100%'),
        entry('2026-06-15T08:33:42Z', 'worker-0 (shop)', 'participant s1 as x: 503', true),
      ],
      ['gateway', 'end', 'worker-0 (shop)', 'store'],
    );
    const source = sequenceDiagram(timeline)!;
    const parsed = await parseSequence(source);
    expect(parsed.actors).toEqual(['gateway', 'end', 'worker-0 (shop)', 'store']);
    const kinds = parsed.messages.map((m) => [m.type, m.from, m.to]);
    // 0 solid arrow, 2 note, 3 crossed arrow (mermaid's line types).
    expect(kinds).toEqual([
      [2, 's1', 's1'],
      [0, 's1', 's2'],
      [0, 's2', 's3'],
      [2, 's3', 's3'],
      [3, 's3', 's4'],
      [2, 's3', 's3'],
    ]);
    expect(parsed.messages[0]!.message).toContain('POST /v1/runs');
    expect(parsed.messages[2]!.message).toContain('participant s1 as x: 503');
    expect(parsed.messages[3]!.message).toMatch(/^trace stops here 08:33:42 participant s1 as x: 503$/);
    expect(parsed.messages[4]!.message).toBe('never reached');
    expect(parsed.messages[5]!.message).toMatch(/^first error 08:33:42 /);
  });

  it('stays short when the trace is long: one hop, the stop, the first error, the last line', async () => {
    const entries = Array.from({ length: 60 }, (_, i) =>
      entry(new Date(Date.UTC(2026, 5, 15, 8, 0, i)).toISOString(), i < 30 ? 'api' : 'worker', `line ${i}`, i === 45),
    );
    const parsed = await parseSequence(sequenceDiagram(withDerivedFacts(entries, ['api', 'worker']))!);
    expect(parsed.messages.filter((m) => m.type === 0).map((m) => [m.from, m.to, m.message])).toEqual([['s1', 's2', '08:00:30 line 30']]);
    expect(parsed.messages.length).toBeLessThan(8);
  });

  it('is absent when no trace was followed', () => {
    expect(sequenceDiagram(withDerivedFacts([], []))).toBeUndefined();
  });
});
