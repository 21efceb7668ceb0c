import { Text } from 'ink';
import { Pane } from '../components/Pane';
import { windowAround } from '../window';
import { BORDER_ROWS } from '../layout';
import type { Candidate } from './candidates';

interface EvidenceListProps {
  candidates: readonly Candidate[];
  /** Ids cited in the next verdict. */
  cited: ReadonlySet<string>;
  selected: number;
  focused: boolean;
  width: number;
  height: number;
}

function clock(time: string | undefined): string {
  return time && !Number.isNaN(Date.parse(time)) ? new Date(time).toISOString().slice(11, 19) : '        ';
}

/** Every line a verdict can cite: check results, their evidence, lines pinned elsewhere. */
export function EvidenceList({ candidates, cited, selected, focused, width, height }: EvidenceListProps) {
  const rows = Math.max(0, height - BORDER_ROWS - (candidates.length === 0 ? 1 : 0));
  const { start, end } = windowAround(candidates.length, selected, rows);
  return (
    <Pane width={width} height={height} focused={focused} title={{ text: 'Evidence', note: `(${cited.size} cited for the next verdict)` }}>
      {candidates.length === 0 ? <Text dimColor>no check has run yet</Text> : null}
      {candidates.slice(start, end).map((c, i) => {
        const chosen = start + i === selected;
        return (
          <Text key={`${c.id} ${start + i}`} wrap="truncate-end" inverse={chosen && focused}>
            {`${chosen ? '›' : ' '} ${cited.has(c.id) ? '[x]' : '[ ]'} `}
            <Text color="cyan">{(c.label ?? '').padEnd(4)}</Text>
            <Text dimColor>{`${clock(c.pin.time)} ${c.pin.source} `}</Text>
            {c.pin.text}
          </Text>
        );
      })}
    </Pane>
  );
}
