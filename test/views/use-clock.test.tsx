import { afterEach, describe, expect, it, vi } from 'vitest';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { useRef } from 'react';
import { useClock } from '../../views/hooks/use-clock';

// The spinner clock draws a frame only when nothing else has for a tick: while a walk's
// journal events redraw the screen, it adds none of its own.

/** A few turns of the event loop: React commits, then runs the effects that arm the clock. */
const turn = async () => {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** Counts the renders its own props did not cause: the clock's. */
function Probe({ active, value, clockRenders }: { active: boolean; value: number; clockRenders: { count: number } }) {
  const seen = useRef<number | undefined>(undefined);
  const now = useClock(active);
  if (seen.current === value) clockRenders.count++;
  seen.current = value;
  return <Text>{`${value} ${now}`}</Text>;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('useClock', () => {
  it('redraws every 100 ms while active and idle, not while other renders come faster, not at all when inactive', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const clockRenders = { count: 0 };
    const app = render(<Probe active value={0} clockRenders={clockRenders} />);
    await turn();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(100);
      await turn();
    }
    expect(clockRenders.count).toBe(5);
    // A burst: a render every 50 ms for a second.
    clockRenders.count = 0;
    for (let value = 1; value <= 20; value++) {
      app.rerender(<Probe active value={value} clockRenders={clockRenders} />);
      await turn();
      vi.advanceTimersByTime(50);
      await turn();
    }
    expect(clockRenders.count).toBe(0);
    // After the burst, the clock takes over again; the time it gives is the render's.
    vi.advanceTimersByTime(100);
    await turn();
    expect(clockRenders.count).toBe(1);
    expect(app.lastFrame()).toBe(`20 ${Date.now()}`);
    app.rerender(<Probe active={false} value={21} clockRenders={clockRenders} />);
    await turn();
    clockRenders.count = 0;
    vi.advanceTimersByTime(1000);
    await turn();
    expect(clockRenders.count).toBe(0);
    app.unmount();
  });
});
