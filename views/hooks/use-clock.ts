import { useEffect, useState } from 'react';

const TICK_MS = 100;

/**
 * The current time, for spinners and elapsed times: read at each render, and while `active` a
 * render at least every TICK_MS. The tick is only a fallback: it is re-armed by every render, so
 * while a burst of journal events (or keys) redraws the screen anyway the clock adds no frames of
 * its own, and an idle screen stays still.
 */
export function useClock(active: boolean): number {
  const [, setTicks] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => setTicks((n) => n + 1), TICK_MS);
    return () => clearTimeout(timer);
  });
  return Date.now();
}
