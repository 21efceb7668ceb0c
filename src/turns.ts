// Work done in slices on the main thread (a bundle's lists parsed, a check's analysis, a
// check's lines written out for the signature library) waits for the event loop here between
// slices. One waiter is let go per turn of the loop: four checks in turns at once used to run
// a slice each in the same turn (four slices of 8 ms, one block of ~35 ms of CPU before a key
// was read); now keys and frames get in after each slice, and the slices take turns in order.
// A slice is let go from a timer, not setImmediate: the loop's timers come before its I/O and
// its immediates, so a key read after a slice is drawn (React schedules its render with
// setImmediate) before the next slice starts, not after it.

/** How long a slice runs before it lets keys and frames in. */
export const SLICE_MS = 8;

const waiting: (() => void)[] = [];
let scheduled = false;

function release(): void {
  const next = waiting.shift();
  if (waiting.length > 0) setTimeout(release, 0);
  else scheduled = false;
  next?.();
}

/** Resolves in a later turn of the event loop, the only slice let go in that turn (first come, first served). */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setTimeout(release, 0);
    }
  });
}
