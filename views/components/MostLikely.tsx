import { Text } from 'ink';
import type { ProblemClass } from '../../src/model';
import type { Hypothesis } from '../../src/investigation/ledger-state';
import type { Suggestion } from '../../src/investigation/session';
import { wrapLines } from '../format';
import { keysOf } from '../keys';
import { BORDER_ROWS } from '../layout';
import { splitBecause, suggestionId } from '../ledger/suggestions';
import { Pane, innerWidth } from './Pane';

const SHOWN = 3;
const CLASS_COLOR: Record<ProblemClass, string> = { contract: 'magenta', product: 'red', environment: 'yellow', tooling: 'blue' };
// Short enough to sit after the bucket in a narrow pane.
const CLASS_TAG: Record<ProblemClass, string> = { contract: 'contract', product: 'product', environment: 'env', tooling: 'tooling' };

/** At most `rows` lines of `width`; a cut line ends in `…`. */
function clip(lines: string[], rows: number, width: number): string[] {
  if (lines.length <= rows) return lines;
  const kept = lines.slice(0, rows);
  if (rows > 0) kept[rows - 1] = `${Array.from(kept[rows - 1]!).slice(0, Math.max(0, width - 1)).join('')}…`;
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
  const count = Math.min(SHOWN, suggestions.length);
  // Each gets its title and its bucket line; in a short pane, one row each.
  const compact = rows < 2 * count;
  const shown = suggestions.slice(0, compact ? Math.min(count, rows) : count);
  const each = compact ? 1 : Math.floor(rows / Math.max(1, shown.length));
  const adopted = new Map(hypotheses.map((h) => [h.id, h]));
  return (
    <Pane width={width} height={height}>
      <Text bold wrap="truncate-end">
        Most likely <Text dimColor>{`(${keysOf('ledger')}: all ${suggestions.length}, points, adopt)`}</Text>
      </Text>
      {shown.map((m, i) => {
        const h = adopted.get(suggestionId(m));
        const lead = h ? `${h.label} ` : `${i + 1} `;
        const titleRows = each >= 3 ? each - 1 : 1;
        const title = clip(wrapLines(m.title, inner - lead.length), titleRows, inner - lead.length);
        return [
          ...title.map((line, j) => (
            <Text key={`${i} t${j}`} wrap="truncate-end">
              {j === 0 ? <Text bold={Boolean(h)}>{lead}</Text> : ' '.repeat(lead.length)}
              <Text color={j === 0 ? CLASS_COLOR[m.class] : undefined}>{line}</Text>
            </Text>
          )),
          ...(each - title.length >= 1
            ? [
                <Text key={`${i} b`} wrap="truncate-end" dimColor>
                  {' '.repeat(lead.length)}
                  {h ? <Text color={h.verdict === 'PINNED' ? 'red' : h.verdict === 'EXONERATED' ? 'green' : undefined}>{`${h.verdict} `}</Text> : null}
                  {`${m.namedBy === 'fallback' ? '~ unnamed · ' : ''}${m.bucket} · ${CLASS_TAG[m.class]} · ${m.score}`}
                </Text>,
              ]
            : []),
        ];
      })}
    </Pane>
  );
}
