import { Fragment, type ReactNode } from 'react';
import { Text } from 'ink';
import { Pane, innerWidth } from '../components/Pane';
import { wrapLines } from '../format';
import { BORDER_ROWS } from '../layout';
import { isUnnamed, type SuggestionRow } from './suggestions';

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
const EVIDENCE_SHOWN = 5;

/** What the selected suggestion says in full: the hypothesis, where to look next, the lines behind it, the replay. */
function details(row: SuggestionRow, width: number): Line[] {
  const s = row.suggestion;
  const text = (key: string, node: ReactNode) => ({ key, node: <Text wrap="truncate-end">{node}</Text> });
  const out = wrapLines(s.hypothesis, width - 4).map((l, i) => text(`h${i}`, `    ${l}`));
  out.push(text('next', <><Text dimColor>{'    next  '}</Text>{s.next}</>));
  if (isUnnamed(s)) out.push(text('sigs', <Text dimColor>{`    unnamed: no signature names these lines; confidence ${s.confidence!.toFixed(2)}, cues  ${s.cues!.join(', ')}`}</Text>));
  else out.push(text('sigs', <Text dimColor>{`    signatures  ${s.signatures.map((g) => `${g.id} ×${g.count}`).join(', ')}`}</Text>));
  for (const [i, e] of s.evidence.slice(0, EVIDENCE_SHOWN).entries()) {
    out.push(text(`e${i}`, <><Text color="cyan">{`    ${e.source}${e.line ? `:${e.line}` : ''}  `}</Text>{e.text}</>));
  }
  if (s.replay) out.push(text('replay', <><Text color="cyan">{'    $ '}</Text>{s.replay}</>));
  return out;
}

/**
 * The signature library's hypotheses, ranked: blockers first, contract problems apart; Enter
 * adopts one. The fallback classifier's guesses follow the named ones, marked "~ … unnamed".
 */
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
    lines.push({
      key: `row ${i}`,
      node: (
        <Text wrap="truncate-end" inverse={chosen && focused}>
          {`${chosen ? '›' : ' '} ${mark} `}
          {isUnnamed(s) ? <Text dimColor>{`~${s.confidence!.toFixed(2)} unnamed — looks like `}</Text> : <Text dimColor>{`${s.score.toFixed(1)} `}</Text>}
          <Text color={CLASS_COLOR[s.class]}>{`${s.bucket} · ${s.class}`}</Text>
          {chosen ? '' : `  ${s.hypothesis}`}
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
        Suggested by the signatures <Text dimColor>{`(${rows.length}; Enter adopts as a hypothesis)`}</Text>
      </Text>
      {lines.slice(start, start + room).map((l) => (
        <Fragment key={l.key}>{l.node}</Fragment>
      ))}
    </Pane>
  );
}
