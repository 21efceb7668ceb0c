import { useState } from 'react';
import { Box, Text } from 'ink';
import { useLatestInput } from '../hooks/use-latest-input';
import { bindingLabel, type Binding } from '../key-table';
import { STATUS_ICON, VERDICT_MARK } from '../status';
import { BORDER_ROWS } from '../layout';
import { windowFrom } from '../window';
import type { BarEntry } from './HelpBar';
import { Pane } from './Pane';

/** The help screen's own keys, shown in the help bar while it is open. */
export const HELP_KEYS: readonly BarEntry[] = [
  { keys: '↓↑/jk', hint: 'scroll' },
  { keys: 'Esc/?/q', hint: 'close' },
];

interface HelpScreenProps {
  notices: readonly string[];
  /** The walk's key table: every binding is listed with its description. */
  keymap: readonly Pick<Binding<string, never>, 'keys' | 'command' | 'description'>[];
  width: number;
  height: number;
  onClose: () => void;
}

const LEGEND = Object.entries(STATUS_ICON)
  .map(([status, icon]) => `${icon} ${status}`)
  .concat(['spinner running', `${VERDICT_MARK} set by a person`])
  .join('   ');

const KEY_COLUMN = 10;

/** Every binding of the keymap with its description, the status legend, and all notices. */
export function HelpScreen({ notices, keymap, width, height, onClose }: HelpScreenProps) {
  const [offset, setOffset] = useState(0);
  const lines = [
    ...keymap.map((b) => ({ key: `key ${b.command}`, keys: bindingLabel(b), text: b.description })),
    { key: 'legend', keys: '', text: LEGEND },
    ...notices.map((n, i) => ({ key: `notice ${i}`, keys: i === 0 ? 'notices' : '', text: n })),
  ];
  const rows = Math.max(0, height - BORDER_ROWS - 1);
  const { start, end } = windowFrom(lines.length, offset, rows);
  useLatestInput((input, key) => {
    if (key.escape || input === '?' || input === 'q') return onClose();
    if (key.downArrow || input === 'j') setOffset(Math.min(start + 1, Math.max(0, lines.length - rows)));
    if (key.upArrow || input === 'k') setOffset(Math.max(0, start - 1));
  });
  return (
    <Pane width={width} height={height} focused>
      <Text bold wrap="truncate-end">
        Keys
        {lines.length > rows ? <Text dimColor>{` (${start + 1}–${end} of ${lines.length})`}</Text> : null}
      </Text>
      {lines.slice(start, end).map((line) => (
        <Box key={line.key}>
          <Box width={KEY_COLUMN} flexShrink={0}>
            <Text bold color="cyan" wrap="truncate-end">
              {line.keys}
            </Text>
          </Box>
          <Text wrap="truncate-end">{line.text}</Text>
        </Box>
      ))}
    </Pane>
  );
}
