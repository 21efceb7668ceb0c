import { Fragment, type ReactNode } from 'react';
import { Text } from 'ink';
import { Pane, innerWidth } from '../components/Pane';
import { wrapLines } from '../format';
import { BORDER_ROWS } from '../layout';
import type { SuggestionRow } from './suggestions';

interface SuggestionListProps {
  rows: readonly SuggestionRow[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
}

interface Line {
  key: string;
  node: ReactNode;
}

const CLASS_COLOR: Record<string, string> = { contract: 'magenta', product: 'red', environment: 'yellow', tooling: 'blue' };
const POINTS_SHOWN = 8;

/** What the selected mechanism says in full: its title, every point of its score, what to check, the replay. */
function details(row: SuggestionRow, width: number): Line[] {
  const s = row.suggestion;
  const text = (key: string, node: ReactNode) => ({ key, node: <Text wrap="truncate-end">{node}</Text> });
  const out = wrapLines(s.title, width - 4).map((l, i) => text(`t${i}`, <Text bold>{`    ${l}`}</Text>));
  for (const [i, p] of s.points.slice(0, POINTS_SHOWN).entries()) {
    const sign = p.delta > 0 ? `+${p.delta}` : `−${Math.abs(p.delta)}`;
    wrapLines(p.reason, width - 10).forEach((l, j) => out.push(text(`p${i} ${j}`, <><Text color={p.delta > 0 ? 'green' : 'red'}>{j === 0 ? `    ${sign.padStart(4)} ` : '         '}</Text>{l}</>)));
  }
  wrapLines(s.hypothesis, width - 4).forEach((l, i) => out.push(text(`h${i}`, <><Text dimColor>{i === 0 ? '    check ' : '          '}</Text>{l}</>)));
  out.push(text('next', <><Text dimColor>{'    next  '}</Text>{s.next}</>));
  if (s.replay) out.push(text('replay', <><Text color="cyan">{'    $ '}</Text>{s.replay}</>));
  return out;
}

/** The walk's mechanisms, ranked: blockers first, contract problems apart; the selected one shows its points; Enter adopts it. */
export function SuggestionList({ rows, selected, focused, width, height }: SuggestionListProps) {
  const inner = innerWidth(width);
  const lines: Line[] = [];
  let block = { start: 0, end: 0 };
  rows.forEach((row, i) => {
    const s = row.suggestion;
    if (i === 0 || row.contract !== rows[i - 1]!.contract) {
      const group = row.contract ? 'contract: the test may be stale' : 'most likely blockers (product · environment · tooling)';
      lines.push({ key: `group ${row.contract}`, node: <Text dimColor bold wrap="truncate-end">{group}</Text> });
    }
    const chosen = i === selected;
    if (chosen) block = { start: lines.length, end: lines.length };
    const mark = row.adopted ? `${row.adopted.label} ${row.adopted.verdict}` : '+';
    // The fallback classifier's guesses are a weaker tier than a named signature or a check.
    const weak = s.namedBy === 'fallback' ? '~ unnamed · ' : '';
    lines.push({
      key: `row ${i}`,
      node: (
        <Text wrap="truncate-end" inverse={chosen && focused}>
          {`${chosen ? '›' : ' '} ${mark} `}
          <Text dimColor>{`${String(s.score).padStart(3)} `}</Text>
          <Text color={CLASS_COLOR[s.class]}>{`${weak}${s.bucket} · ${s.class}`}</Text>
          {chosen ? '' : `  ${s.title}`}
        </Text>
      ),
    });
    if (chosen) {
      lines.push(...details(row, inner));
      block.end = lines.length;
    }
  });
  const room = Math.max(0, height - BORDER_ROWS - 1);
  // The selected suggestion and its details stay in view, with its group's heading when there is room.
  let start = Math.max(0, Math.min(block.start - 1, lines.length - room));
  if (block.end - start > room) start = block.start;
  return (
    <Pane width={width} height={height} focused={focused}>
      <Text bold wrap="truncate-end">
        Mechanisms ranked by the walk <Text dimColor>{`(${rows.length}; Enter adopts one, its evidence cited)`}</Text>
      </Text>
      {lines.slice(start, start + room).map((l) => (
        <Fragment key={l.key}>{l.node}</Fragment>
      ))}
    </Pane>
  );
}
