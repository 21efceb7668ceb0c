import { useLayoutEffect, useState } from 'react';
import type { Key } from 'ink';
import { pressesOf } from '../keys';
import { useLatestInput } from './use-latest-input';

/**
 * What a press asks of the rest of its chunk: `wait` (it moved the selection: the next
 * keys are for what is selected after the render), `stop` (a layer now owns the keyboard,
 * the rest was not meant for this one), or nothing (go on).
 */
export type PressOutcome = 'wait' | 'stop' | void;

/**
 * useInput for keys that may arrive several to a chunk (typed faster than a frame, a held
 * key, tmux send-keys). Each key is a press; after a move the rest waits for the render,
 * so `jp` pins the line j moved to, not the one selected before.
 */
export function useChunkedInput(handle: (input: string, key: Key) => PressOutcome, options: { isActive?: boolean } = {}): void {
  const [queued, setQueued] = useState<[string, Key][]>([]);
  const run = (presses: readonly [string, Key][]) => {
    for (const [i, [input, key]] of presses.entries()) {
      const outcome = handle(input, key);
      if (outcome === 'stop') return;
      if (outcome === 'wait' && i < presses.length - 1) return setQueued(presses.slice(i + 1));
    }
  };
  // A layout effect: the queued keys are handled before the frame is drawn, not a timer later.
  useLayoutEffect(() => {
    if (queued.length === 0) return;
    setQueued([]);
    run(queued);
  }, [queued]);
  useLatestInput((input, key) => run(pressesOf(input, key)), options);
}
