import { useCallback, useLayoutEffect, useRef } from 'react';
import { useInput, type Key } from 'ink';

type InputHandler = (input: string, key: Key) => void;

/**
 * Ink's useInput, always calling the handler of the last render. Ink swaps its listener in
 * a passive effect, which runs after the frame is on screen: a key typed in between (Left,
 * then j at once) reached the handler of the frame before, so j moved the checks the
 * screen no longer had focus on. A layout effect updates the ref in the commit itself,
 * before any further input can be read.
 */
export function useLatestInput(handler: InputHandler, options: { isActive?: boolean } = {}): void {
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  const stable = useCallback<InputHandler>((input, key) => latest.current(input, key), []);
  useInput(stable, options);
}
