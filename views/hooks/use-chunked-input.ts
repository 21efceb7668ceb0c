import { useLayoutEffect, useRef, useState } from 'react';
import type { Key } from 'ink';
import { pressesOf } from '../keys';
import { useLatestInput } from './use-latest-input';

/**
 * What a press asks of the rest of its chunk: `wait` (it moved the selection: the next
 * keys are for what is selected after the render), `stop` (a layer now owns the keyboard,
 * the rest was not meant for this one), or nothing (go on).
 */
export type PressOutcome = 'wait' | 'stop' | void;

type Press = [string, Key];

/**
 * useInput for keys that may arrive several to a chunk (typed faster than a frame, a held
 * key, tmux send-keys). Each key is a press; after a move the rest waits for the render,
 * so `jp` pins the line j moved to, not the one selected before. Ink hands one chunk over
 * as several inputs, one per escape sequence and one per run of text between them, all
 * before React renders: `j ← j` is three, and the second j is held too until the render
 * after ← (the steps focused), not given to the handler of the checks.
 */
export function useChunkedInput(handle: (input: string, key: Key) => PressOutcome, options: { isActive?: boolean } = {}): void {
  // Presses that came while a render is awaited; 'dropped' after a stop, until that render.
  const held = useRef<Press[] | 'dropped' | undefined>(undefined);
  const [renders, setRenders] = useState(0);
  const awaitRender = (rest: Press[] | 'dropped') => {
    held.current = rest;
    setRenders((n) => n + 1);
  };
  const run = (presses: readonly Press[]) => {
    for (const [i, [input, key]] of presses.entries()) {
      const outcome = handle(input, key);
      if (outcome === 'stop') return awaitRender('dropped');
      if (outcome === 'wait') return awaitRender(presses.slice(i + 1));
    }
  };
  // A layout effect: the held keys are handled before the frame is drawn, not a timer later.
  useLayoutEffect(() => {
    const rest = held.current;
    held.current = undefined;
    if (Array.isArray(rest) && rest.length > 0) run(rest);
  }, [renders]);
  useLatestInput((input, key) => {
    const presses = pressesOf(input, key);
    if (held.current === 'dropped') return;
    if (held.current) return void held.current.push(...presses);
    run(presses);
  }, options);
}
