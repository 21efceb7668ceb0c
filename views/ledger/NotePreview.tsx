import { useState } from 'react';
import { Text } from 'ink';
import { useLatestInput } from '../hooks/use-latest-input';
import type { BarEntry } from '../components/HelpBar';
import { Pane } from '../components/Pane';
import { BORDER_ROWS } from '../layout';
import { windowFrom } from '../window';

/** The preview's own keys, for the help bar while it is open. */
export const PREVIEW_KEYS: readonly BarEntry[] = [
  { keys: 'Esc/v', hint: 'back' },
  { keys: '↓↑/jk', hint: 'scroll' },
  { keys: 'PgDn/PgUp', hint: 'page' },
  { keys: 'g/G', hint: 'top/end' },
];

interface NotePreviewProps {
  /** The note as it would be written now (already redacted by the engine). */
  markdown: string;
  width: number;
  height: number;
  onClose: () => void;
}

/** The live note: re-rendered from the journal on every change, scrolled by the person. */
export function NotePreview({ markdown, width, height, onClose }: NotePreviewProps) {
  const [offset, setOffset] = useState(0);
  const lines = markdown.replace(/\n$/, '').split('\n');
  const rows = Math.max(0, height - BORDER_ROWS - 1);
  const last = Math.max(0, lines.length - rows);
  const { start, end } = windowFrom(lines.length, offset, rows);
  useLatestInput((input, key) => {
    const to = (at: number) => setOffset(Math.min(last, Math.max(0, at)));
    if (key.escape || input === 'v') return onClose();
    if (key.downArrow || input === 'j') to(start + 1);
    if (key.upArrow || input === 'k') to(start - 1);
    if (key.pageDown || input === ' ') to(start + Math.max(1, rows - 1));
    if (key.pageUp) to(start - Math.max(1, rows - 1));
    if (input === 'g') to(0);
    if (input === 'G') to(last);
  });
  return (
    <Pane width={width} height={height} focused>
      <Text bold wrap="truncate-end">
        Note preview <Text dimColor>{`(lines ${start + 1}–${end} of ${lines.length}; back on the walk, w writes it)`}</Text>
      </Text>
      {lines.slice(start, end).map((line, i) => (
        <Text key={start + i} wrap="truncate-end" bold={line.startsWith('#')} color={line.startsWith('#') ? 'cyan' : undefined}>
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Pane>
  );
}
