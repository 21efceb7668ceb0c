import { Box, Text } from 'ink';
import type { ProblemClass } from '../../src/model';
import type { Hypothesis } from '../../src/investigation/ledger-state';
import type { Suggestion } from '../../src/workbench/session';
import { wrapLines } from '../format';
import { keysOf } from '../keys';
import { BORDER_ROWS } from '../layout';
import { splitBecause, suggestionId, tierOf } from '../ledger/suggestions';
import { Pane, innerWidth } from './Pane';

const SHOWN = 3;
const CLASS_COLOR: Record<ProblemClass, string> = { contract: 'magenta', product: 'red', environment: 'yellow', tooling: 'blue' };
// Short enough to sit after the bucket in a narrow pane.
const CLASS_TAG: Record<ProblemClass, string> = { contract: 'contract', product: 'product', environment: 'env', tooling: 'tooling' };

/** At most `rows` lines of `width`; a cut line ends in `…`. */
function clip(lines: string[], rows: number, width: number): string[] {
  if (lines.length <= rows) return lines;
  const kept = lines.slice(0, rows);
  if (rows > 0)
    kept[rows - 1] = `${Array.from(kept[rows - 1]!)
      .slice(0, Math.max(0, width - 1))
      .join('')}…`;
  return kept;
}

/**
 * "check X because Y" in `rows` lines: whole when it fits, else both halves cut, so the
 * reader keeps what to check and why.
 */
export function fitHypothesis(text: string, width: number, rows: number): string[] {
  const lines = wrapLines(text, width);
  if (lines.length <= rows) return lines;
  const [check, because] = splitBecause(text);
  if (!because || rows < 2) return clip(lines, rows, width);
  const whyLines = wrapLines(because, width);
  const whyRows = Math.min(whyLines.length, Math.floor(rows / 2));
  return [...clip(wrapLines(check, width), rows - whyRows, width), ...clip(whyLines, whyRows, width)];
}

interface MostLikelyProps {
  suggestions: readonly Suggestion[];
  hypotheses: readonly Hypothesis[];
  width: number;
  height: number;
}

/** The walk's top mechanisms under the steps: rank, title, then bucket · class · score. */
export function MostLikely({ suggestions, hypotheses, width, height }: MostLikelyProps) {
  if (height <= 0) return null;
  const inner = innerWidth(width);
  const rows = height - BORDER_ROWS - 1;
  const adopted = new Map(hypotheses.map((h) => [h.id, h]));
  // The top one gets the rows its whole name needs (and its bucket line); the others share
  // the rest, two rows each at least, or are left to the ledger.
  const lead = (i: number) => `${adopted.get(suggestionId(suggestions[i]!))?.label ?? i + 1} `;
  const topRows = suggestions[0] ? Math.min(rows, wrapLines(suggestions[0].title, inner - lead(0).length).length + 1) : 0;
  const others = Math.max(0, Math.min(SHOWN - 1, suggestions.length - 1, Math.floor((rows - topRows) / 2)));
  const shown = suggestions.slice(0, others + 1);
  const share = others > 0 ? Math.floor((rows - topRows) / others) : 0;
  const rowsOf = (i: number) => (i === 0 ? topRows : share);
  return (
    <Pane width={width} height={height}>
      <Text bold wrap="truncate-end">
        Most likely <Text dimColor>{`(${keysOf('ledger')}: all ${suggestions.length}, points, adopt)`}</Text>
      </Text>
      {shown.map((m, i) => {
        const h = adopted.get(suggestionId(m));
        const each = rowsOf(i);
        const titleRows = each >= 2 ? each - 1 : each;
        const title = clip(wrapLines(m.title, inner - lead(i).length), titleRows, inner - lead(i).length);
        return [
          ...title.map((line, j) => (
            <Text key={`${i} t${j}`} wrap="truncate-end">
              {j === 0 ? <Text bold={Boolean(h)}>{lead(i)}</Text> : ' '.repeat(lead(i).length)}
              <Text color={j === 0 ? CLASS_COLOR[m.class] : undefined}>{line}</Text>
            </Text>
          )),
          ...(each - title.length >= 1
            ? [
                <Text key={`${i} b`} wrap="truncate-end" dimColor>
                  {' '.repeat(lead(i).length)}
                  {h ? <Text color={h.verdict === 'PINNED' ? 'red' : h.verdict === 'EXONERATED' ? 'green' : undefined}>{`${h.verdict} `}</Text> : null}
                  {`${m.score} · ${m.bucket} · ${CLASS_TAG[m.class]} · ${tierOf(m)}`}
                </Text>,
              ]
            : []),
        ];
      })}
    </Pane>
  );
}

interface MostLikelyStripProps {
  suggestions: readonly Suggestion[];
  hypotheses: readonly Hypothesis[];
  width: number;
  rows: number;
}

/**
 * The top mechanism across the screen, for a terminal too narrow for the left column:
 * its score, bucket and tier on the heading, then its whole name (cut only past the rows).
 */
export function MostLikelyStrip({ suggestions, hypotheses, width, rows }: MostLikelyStripProps) {
  const top = suggestions[0];
  if (!top || rows <= 0) return null;
  const h = hypotheses.find((x) => x.id === suggestionId(top));
  const title = clip(wrapLines(top.title, width - 2), Math.max(1, rows - 1), width - 2);
  return (
    <Box flexDirection="column" height={rows} flexShrink={0} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>Most likely </Text>
        <Text bold color={CLASS_COLOR[top.class]}>{`${top.score}`}</Text>
        <Text>{` ${top.bucket} · ${CLASS_TAG[top.class]} · ${tierOf(top)}`}</Text>
        {h ? <Text bold>{`  ${h.label} ${h.verdict}`}</Text> : null}
        <Text dimColor>{`  (${keysOf('ledger')}: all ${suggestions.length}, points, adopt)`}</Text>
      </Text>
      {title.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {`  ${line}`}
        </Text>
      ))}
    </Box>
  );
}
