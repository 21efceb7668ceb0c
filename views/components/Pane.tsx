import type { ReactNode } from 'react';
import { Box } from 'ink';

interface PaneProps {
  width: number;
  /** Including the border. */
  height: number;
  focused?: boolean;
  children: ReactNode;
}

/** A bordered box of a fixed size that clips whatever does not fit. */
export function Pane({ width, height, focused = false, children }: PaneProps) {
  if (height <= 0) return null;
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle="round"
      borderColor={focused ? 'cyan' : 'gray'}
      overflow="hidden"
      paddingX={1}
    >
      {children}
    </Box>
  );
}

/** Columns inside a pane of `width`: borders and padding. */
export function innerWidth(width: number): number {
  return Math.max(1, width - 4);
}
