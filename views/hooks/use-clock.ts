import { useEffect, useState } from 'react';

const TICK_MS = 100;

/** The current time, ticking only while `active` (spinners, elapsed times); idle screens stay still. */
export function useClock(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
