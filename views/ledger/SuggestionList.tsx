import { Fragment, type ReactNode } from 'react';
import { Text } from 'ink';
import { Pane, innerWidth } from '../components/Pane';
import { wrapLines } from '../format';
import { BORDER_ROWS } from '../layout';
import { tierOf, type SuggestionRow } from './suggestions';

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
/** Mechanisms kept in view around the selected one before its details get any rows. */
const NEIGHBOURS = 3;

/** What the selected mechanism says beyond its two rows: its whole name, every point of its score, the next surface, the replay. */
function details(row: SuggestionRow, width: number): Line[] {
  const s = row.suggestion;
  const text = (key: string, node: ReactNode) => ({ key, node: <Text wrap="truncate-end">{node}</Text> });
  const out = wrapLines(s.title, width - 4).map((l, i) => text(`t${i}`, <Text bold>{`    ${l}`}</Text>));
  for (const [i, p] of s.points.slice(0, POINTS_SHOWN).entries()) {
    const sign = p.delta > 0 ? `+${p.delta}` : `−${Math.abs(p.delta)}`;
    wrapLines(p.reason, width - 10).forEach((l, j) =>
      out.push(
        text(
          `p${i} ${j}`,
          <>
            <Text color={p.delta > 0 ? 'green' : 'red'}>{j === 0 ? `    ${sign.padStart(4)} ` : '         '}</Text>
            {l}
          </>,
        ),
      ),
    );
  }
  out.push(
    text(
      'next',
      <>
        <Text dimColor>{'    next  '}</Text>
        {s.next}
      </>,
    ),
  );
  if (s.replay)
    out.push(
      text(
        'replay',
        <>
          <Text color="cyan">{'    $ '}</Text>
          {s.replay}
        </>,
      ),
    );
  return out;
}

/** A mechanism in two rows: rank, score, bucket, class and tier, its name; then "check X because Y". */
function summary(row: SuggestionRow, rank: number, chosen: boolean, focused: boolean): Line[] {
  const s = row.suggestion;
  const mark = row.adopted ? `${row.adopted.label} ${row.adopted.verdict} ` : '';
  return [
    {
      key: `row ${rank}`,
      node: (
        <Text wrap="truncate-end" inverse={chosen && focused}>
          {`${chosen ? '›' : ' '}${String(rank).padStart(3)} `}
          <Text bold>{`${String(s.score).padStart(3)} `}</Text>
          <Text color={CLASS_COLOR[s.class]}>{`${s.bucket} · ${s.class}`}</Text>
          <Text dimColor>{` · ${tierOf(s)}  `}</Text>
          {mark ? <Text bold>{mark}</Text> : null}
          {s.title}
        </Text>
      ),
    },
    {
      key: `check ${rank}`,
      node: (
        <Text wrap="truncate-end">
          <Text dimColor>{'       check '}</Text>
          {s.hypothesis.replace(/^check\s+/i, '')}
        </Text>
      ),
    },
  ];
}

/**
 * The walk's mechanisms, ranked: blockers first, contract problems apart. Each takes two
 * rows, so several are in view at 80×24; the selected one adds its points when there is
 * room beyond its neighbours; Enter adopts it.
 */
export function SuggestionList({ rows, selected, focused, width, height }: SuggestionListProps) {
  const inner = innerWidth(width);
  const room = Math.max(0, height - BORDER_ROWS);
  // With blockers and contract problems both present, a heading opens each group; one group needs none.
  const headings = new Set(rows.map((r) => r.contract)).size > 1 ? 2 : 0;
  const detailRoom = Math.max(0, room - headings - 2 * Math.min(rows.length, NEIGHBOURS + 1));
  const lines: Line[] = [];
  let block = { start: 0, end: 0 };
  /** Where each mechanism's rows begin (its group's heading, when it opens a group). */
  const starts: number[] = [];
  rows.forEach((row, i) => {
    starts.push(lines.length);
    if (headings > 0 && (i === 0 || row.contract !== rows[i - 1]!.contract)) {
      const group = row.contract ? 'contract: the test may be stale' : 'most likely blockers (product · environment · tooling)';
      lines.push({
        key: `group ${row.contract}`,
        node: (
          <Text dimColor bold wrap="truncate-end">
            {group}
          </Text>
        ),
      });
    }
    const chosen = i === selected;
    if (chosen) block = { start: lines.length, end: lines.length };
    lines.push(...summary(row, i + 1, chosen, focused));
    if (chosen) {
      lines.push(...details(row, inner).slice(0, detailRoom));
      block.end = lines.length;
    }
  });
  // The selected mechanism and its details stay in view, the one ranked above it whole when there is room.
  let start = Math.max(0, Math.min(starts[Math.max(0, selected - 1)] ?? 0, lines.length - room));
  if (block.end - start > room) start = block.start;
  return (
    <Pane
      width={width}
      height={height}
      focused={focused}
      title={{ text: 'Mechanisms ranked by the walk', note: `(${rows.length}; Enter adopts one, its evidence cited)` }}
    >
      {lines.slice(start, start + room).map((l) => (
        <Fragment key={l.key}>{l.node}</Fragment>
      ))}
    </Pane>
  );
}
