import { Text } from 'ink';
import type { Hypothesis, HypothesisVerdict } from '../../src/investigation/ledger-state';
import { Pane } from '../components/Pane';
import { windowAround } from '../window';
import { BORDER_ROWS } from '../layout';

const VERDICT_COLOR: Record<HypothesisVerdict, string> = { OPEN: 'white', PINNED: 'red', EXONERATED: 'green', 'NOT EVIDENCED': 'yellow' };

interface HypothesisListProps {
  hypotheses: readonly Hypothesis[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
}

/** Each hypothesis with its verdict, bucket and class; the selected one shows its last reason. */
export function HypothesisList({ hypotheses, selected, focused, width, height }: HypothesisListProps) {
  const rows = Math.max(0, height - BORDER_ROWS - (hypotheses.length === 0 ? 1 : 0));
  const { start, end } = windowAround(hypotheses.length, selected, rows);
  return (
    <Pane width={width} height={height} focused={focused} title={{ text: 'Hypotheses', note: '(discrimination)' }}>
      {hypotheses.length === 0 ? <Text dimColor>none yet: a adds one by hand</Text> : null}
      {hypotheses.slice(start, end).map((h, i) => {
        const last = h.history.at(-1)!;
        const chosen = start + i === selected;
        const primary = h.verdict === 'PINNED' ? (last.primary ? ' primary' : ' secondary') : '';
        return (
          <Text key={h.id} wrap="truncate-end" inverse={chosen && focused}>
            {`${chosen ? '›' : ' '} ${h.label} `}
            <Text color={VERDICT_COLOR[h.verdict]} bold>{`${h.verdict}${primary}`}</Text>
            <Text dimColor>{` ${h.bucket} · ${h.class} `}</Text>
            {h.text}
            {chosen && last.reason ? <Text dimColor>{` — ${last.reason}`}</Text> : null}
          </Text>
        );
      })}
    </Pane>
  );
}
