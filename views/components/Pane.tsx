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
      <Rows minHeight={height - 2}>{children}</Rows>
    </Box>
  );
}

/**
 * A column whose rows keep their own height: rows that do not fit are clipped by the box
 * around it. Yoga would otherwise shrink each row to fit, and Ink draws a shrunk row's text
 * over the next one (`shsees 2 of 4 pods oftor app=checkout`).
 */
export function Rows({ minHeight = 0, children }: { minHeight?: number; children: ReactNode }) {
  return (
    <Box flexDirection="column" flexShrink={0} minHeight={Math.max(0, minHeight)}>
      {children}
    </Box>
  );
}

/** Columns inside a pane of `width`: borders and padding. */
export function innerWidth(width: number): number {
  return Math.max(1, width - 4);
}
