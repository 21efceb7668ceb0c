import type { ReactNode } from 'react';
import { Box, Text } from 'ink';

interface PaneProps {
  width: number;
  /** Including the border. */
  height: number;
  focused?: boolean;
  /** Drawn in the top border (`╭─ Title note ──╮`), so a short pane keeps its rows for content. */
  title?: { text: string; note?: string };
  children: ReactNode;
}

/** A bordered box of a fixed size that clips whatever does not fit. */
export function Pane({ width, height, focused = false, title, children }: PaneProps) {
  if (height <= 0) return null;
  if (title)
    return (
      <TitledPane width={width} height={height} focused={focused} title={title}>
        {children}
      </TitledPane>
    );
  return (
    <Box width={width} height={height} flexDirection="column" borderStyle="round" borderColor={focused ? 'cyan' : 'gray'} overflow="hidden" paddingX={1}>
      <Rows minHeight={height - 2}>{children}</Rows>
    </Box>
  );
}

function TitledPane({ width, height, focused, title, children }: PaneProps & { title: { text: string; note?: string } }) {
  const color = focused ? 'cyan' : 'gray';
  // `╭─` and `╮` take three columns; the label is cut to what is left, never wrapped.
  const room = Math.max(0, width - 3);
  const text = Array.from(` ${title.text}`).slice(0, room).join('');
  const note = title.note
    ? Array.from(` ${title.note}`)
        .slice(0, Math.max(0, room - Array.from(text).length - 1))
        .join('')
    : '';
  const label = `${text}${note}${room > Array.from(text + note).length ? ' ' : ''}`;
  const fill = '─'.repeat(Math.max(0, room - Array.from(label).length));
  return (
    <Box width={width} height={height} flexDirection="column" flexShrink={0} overflow="hidden">
      <Text wrap="truncate-end">
        <Text color={color}>╭─</Text>
        <Text bold>{text}</Text>
        <Text dimColor>{note}</Text>
        <Text color={color}>{`${label.slice(text.length + note.length)}${fill}╮`}</Text>
      </Text>
      <Box width={width} height={height - 1} flexDirection="column" borderStyle="round" borderTop={false} borderColor={color} overflow="hidden" paddingX={1}>
        <Rows minHeight={height - 2}>{children}</Rows>
      </Box>
    </Box>
  );
}

/**
 * A column whose rows keep their own height: rows that do not fit are clipped by the box
 * around it. Yoga would otherwise shrink each row to fit, and Ink draws a shrunk row's text
 * over the next one (`shsees 2 of 4 pods oftor app=checkout`).
 */
function Rows({ minHeight = 0, children }: { minHeight?: number; children: ReactNode }) {
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
