import { describe, expect, it } from 'vitest';
import { CHUNK, readThrough, TailRing, type Keyed } from '../../src/kube/tail-ring';
import type { TailLine } from '../../src/kube/tail';
import { LogTail } from '../../src/kube/tail';
import type { ClusterSource } from '../../src/model/cluster';

// The ring a tail keeps its lines in: windows that are never copies and never change once
// published, the oldest dropped, late history merged in order, and redaction as lines are read.

const line = (n: number, text = `line ${n}`): Keyed => ({
  key: String(n).padStart(8, '0'),
  line: { stream: 's', namespace: 'ns', pod: 'p', container: 'c', previous: false, time: `t${n}`, text },
});
const texts = (lines: Iterable<TailLine>) => [...lines].map((l) => l.text);
const batch = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i));

describe('the tail ring', () => {
  it('keeps the newest lines in order across chunks and counts what it dropped', () => {
    const ring = new TailRing(1000);
    let dropped = 0;
    for (let i = 0; i < 3000; i += 70) dropped += ring.add(batch(i, Math.min(3000, i + 70)));
    const w = ring.window();
    expect(w.length).toBe(1000);
    expect(dropped).toBe(2000);
    expect(texts(w)).toEqual(batch(2000, 3000).map((k) => k.line.text));
    expect(w.at(0)!.text).toBe('line 2000');
    expect(w.at(-1)!.text).toBe('line 2999');
    expect(w.at(1000)).toBeUndefined();
    expect(texts(w.slice(-3))).toEqual(['line 2997', 'line 2998', 'line 2999']);
    expect(texts(w.slice(998, 5000))).toEqual(['line 2998', 'line 2999']);
  });

  it('publishes windows that later lines, drops and merges leave as they were', () => {
    const ring = new TailRing(CHUNK * 2);
    ring.add(batch(100, 100 + CHUNK));
    const before = ring.window();
    const seen = texts(before);
    ring.add(batch(100 + CHUNK, 100 + CHUNK * 4));
    ring.add([line(50), line(150, 'late')]);
    expect(texts(before)).toEqual(seen);
    expect(before.length).toBe(CHUNK);
  });

  it('merges a batch older than the newest line into its place, the retained line first on a tie', () => {
    const ring = new TailRing(100);
    ring.add([line(1), line(3), line(5)]);
    ring.add([line(2), line(3, 'three again'), line(6)]);
    expect(texts(ring.window())).toEqual(['line 1', 'line 2', 'line 3', 'three again', 'line 5', 'line 6']);
  });

  it('reads lines through a function only when they are read, the same object each time it is cached', () => {
    const ring = new TailRing(100);
    ring.add(batch(0, 50));
    let calls = 0;
    const cache = new WeakMap<TailLine, TailLine>();
    const seen = readThrough(ring.window(), (l) => {
      calls++;
      if (!cache.has(l)) cache.set(l, { ...l, text: l.text.replace(/\d+/, '#') });
      return cache.get(l)!;
    });
    expect(calls).toBe(0);
    expect(seen.at(49)!.text).toBe('line #');
    expect(seen.at(49)).toBe(seen.at(49));
    expect(calls).toBe(3);
    expect(texts(readThrough([line(7).line], (l) => ({ ...l, text: 'x' })))).toEqual(['x']);
  });
});

describe('backpressure', () => {
  it('holds a stream whose pending lines reach half its bound until the next flush, dropping none', async () => {
    let chunks = 0;
    let finished = false;
    const source = {
      description: 'fake',
      kubectlFlags: [],
      list: async () => ({
        apiVersion: 'v1',
        kind: 'List',
        items: [{ metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running' } }],
      }),
      followLog: async (_ns: string, _pod: string, _o: unknown, onChunk: (t: string) => void | Promise<void>) => {
        for (let i = 0; i < 100; i++) {
          chunks++;
          await onChunk(`2026-01-01T00:00:00.${String(i).padStart(9, '0')}Z line ${i}\n`);
        }
        finished = true;
      },
    } as unknown as ClusterSource;
    const tail = new LogTail(source, { namespace: 'ns', selector: 'a=b' }, { streamBufferLines: 20, flushMs: 60_000, refreshMs: 0, tailLines: 0 });
    await tail.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(chunks).toBe(10);
    // Each flush lets it read on until it holds half its bound again.
    while (!finished) {
      tail.flush();
      await new Promise((r) => setTimeout(r, 5));
    }
    tail.flush();
    const snap = tail.snapshot();
    tail.stop();
    expect(snap.dropped).toBe(0);
    expect(snap.lines.length).toBe(100);
    expect(snap.lines.at(-1)!.text).toBe('line 99');
  });
});
