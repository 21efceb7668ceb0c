import { describe, expect, it } from 'vitest';
import type { TailLine, TailStream } from '../../src/kube/tail';
import { compactText, frameOf, moveBy, newLines, statusText, streamLooks, type Scroll } from '../../views/tail/tail-view';

// The tail window's pure parts: where the window is as lines arrive, merge in and drop,
// how streams are labelled, how a JSON line reads.

function line(i: number, pod = 'api-7d9-abcde', previous = false): TailLine {
  const time = `2026-06-15T09:00:${String(i).padStart(2, '0')}.000000000Z`;
  return { stream: `shop/${pod}/api${previous ? ' (previous)' : ''}`, namespace: 'shop', pod, container: 'api', previous, time, text: `line ${i}` };
}

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => line(from + k));
const shown = (all: readonly TailLine[], scroll: Scroll, rows: number) => {
  const f = frameOf(all, scroll, rows);
  return all.slice(f.start, f.end).map((l) => l.text);
};

describe('the tail window', () => {
  it('shows the newest lines while following', () => {
    expect(shown(lines(0, 10), { follow: true }, 3)).toEqual(['line 7', 'line 8', 'line 9']);
  });

  it('keeps its top line when newer lines arrive, older ones merge in above, or the oldest are dropped', () => {
    const first = lines(10, 30);
    const scroll = moveBy(first, { follow: true }, -8, 5, 20);
    const top = shown(first, scroll, 5);
    expect(top).toEqual(['line 21', 'line 22', 'line 23', 'line 24', 'line 25']);
    // Newer lines at the end, older (a previous instance) merged in at the start, the oldest dropped.
    const grown = [line(1, 'api-7d9-abcde', true), line(2, 'api-7d9-abcde', true), ...first.slice(3), ...lines(30, 40)];
    expect(shown(grown, scroll, 5)).toEqual(top);
    expect(newLines(scroll, 30)).toBe(10);
    // Its top line dropped: the window starts at the first line at or after that time.
    const dropped = first.slice(16);
    expect(shown(dropped, scroll, 5)[0]).toBe('line 26');
  });

  it('moves the window only as far as the selection needs', () => {
    const all = lines(0, 20);
    let scroll = moveBy(all, { follow: true }, -1, 5, 20);
    expect(frameOf(all, scroll, 5)).toEqual({ start: 15, end: 20, selected: 18 });
    scroll = moveBy(all, scroll, -4, 5, 20);
    expect(frameOf(all, scroll, 5)).toEqual({ start: 14, end: 19, selected: 14 });
  });

  it('labels streams by what tells their pods apart, a previous instance marked and coloured as its container', () => {
    const stream = (pod: string, previous = false): TailStream => ({
      key: `shop/${pod}/api${previous ? ' (previous)' : ''}`,
      namespace: 'shop',
      pod,
      container: 'api',
      previous,
      state: 'streaming',
      lines: 0,
      dropped: 0,
    });
    const looks = streamLooks([stream('api-7d9-abcde'), stream('api-7d9-fghij'), stream('api-7d9-abcde', true)]);
    expect([...looks.values()].map((l) => l.label)).toEqual(['abcde/api', 'fghij/api', 'abcde/api ↶']);
    expect(looks.get('shop/api-7d9-abcde/api (previous)')!.color).toBe(looks.get('shop/api-7d9-abcde/api')!.color);
    expect(looks.get('shop/api-7d9-fghij/api')!.color).not.toBe(looks.get('shop/api-7d9-abcde/api')!.color);
  });

  it('reads a JSON line as level, message, then its other fields; leaves other lines alone', () => {
    expect(compactText('{"@timestamp":"2026-06-15T09:02:03.412Z","level":"INFO","message":"loading settlement batch","order_id":"ord_1","n":3}')).toBe(
      'INFO loading settlement batch  order_id=ord_1 n=3',
    );
    expect(compactText('{not json')).toBe('{not json');
    expect(compactText('plain text')).toBe('plain text');
  });

  it('counts streams, queued, dropped, ended and failed in the status line', () => {
    const s = (state: TailStream['state'], previous = false): TailStream => ({
      key: String(Math.random()),
      namespace: 'n',
      pod: 'p',
      container: 'c',
      previous,
      state,
      lines: 0,
      dropped: 0,
    });
    expect(statusText({ streams: [s('streaming'), s('queued'), s('ended'), s('failed'), s('ended', true)], streaming: 12, queued: 3, dropped: 1204 })).toBe(
      '12 streams · 3 queued · 1,204 dropped (oldest) · 1 ended · 1 failed',
    );
  });
});
