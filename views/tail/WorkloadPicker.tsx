import { Box, Text, useInput } from 'ink';
import type { TailRequest } from '../../src/kube/tail-handle';
import type { Workload, WorkloadListing } from '../../src/kube/workloads';
import { workloadRef } from '../../src/kube/workloads';
import { Pane, innerWidth } from '../components/Pane';
import { BORDER_ROWS } from '../layout';
import { clamp, windowAround } from '../window';
import { editLine } from './line-edit';
import { commandIn, PICKER_KEYMAP, type PickerCommand } from './tail-keys';

/** Where the person is in the picker; kept by the tail layer so Esc from a tail comes back to it. */
export interface PickerState {
  /** The selected workload (`namespace/kind/name`): kept while the query narrows or widens the list. */
  selected?: string;
  query: string;
  typing: boolean;
}

interface WorkloadPickerProps {
  /** Undefined while the engine lists them. */
  listing?: WorkloadListing;
  picker: PickerState;
  onChange: (picker: PickerState) => void;
  onPick: (request: TailRequest) => void;
  onClose: () => void;
  width: number;
  height: number;
}

/** Typed text that reads as a label selector rather than part of a name. */
export function isSelector(query: string): boolean {
  return /[=!]|\s(not)?in\s*\(/.test(query);
}

function keyOf(w: Workload): string {
  return `${w.namespace}/${w.kind}/${w.name}`;
}

/** Where the selected workload is in `shown`; the first row when it is not there. */
function indexOf(shown: readonly Workload[], selected: string | undefined): number {
  return Math.max(0, shown.findIndex((w) => keyOf(w) === selected));
}

export function matchingWorkloads(workloads: readonly Workload[], query: string): readonly Workload[] {
  const needle = query.trim().toLowerCase();
  if (!needle || isSelector(query)) return workloads;
  return workloads.filter((w) => `${w.namespace} ${workloadRef(w)}`.toLowerCase().includes(needle));
}

/** Title, prompt/hint line. */
const CHROME_ROWS = 2;

/** The workloads a tail can follow; or a label selector typed in the selected row's namespace. */
export function WorkloadPicker({ listing, picker, onChange, onPick, onClose, width, height }: WorkloadPickerProps) {
  const shown = matchingWorkloads(listing?.workloads ?? [], picker.query);
  const rows = Math.max(0, height - BORDER_ROWS - CHROME_ROWS);
  const current = indexOf(shown, picker.selected);
  const workload = shown[current];
  const selector = isSelector(picker.query) ? picker.query.trim() : undefined;

  /** Follow the selected workload among what `query` shows, or the selector `query` is, in its namespace. */
  const pickFor = (query: string, selected: string | undefined, previous: boolean) => {
    const list = matchingWorkloads(listing?.workloads ?? [], query);
    const chosen = list[indexOf(list, selected)];
    if (isSelector(query)) return onPick({ ...(chosen ? { namespace: chosen.namespace } : {}), selector: query.trim(), previous });
    if (chosen) onPick({ namespace: chosen.namespace, workload: workloadRef(chosen), previous });
  };
  const within = (index: number) => clamp(index, 0, Math.max(0, shown.length - 1));
  const keyAt = (index: number) => {
    const w = shown[within(index)];
    return w ? keyOf(w) : picker.selected;
  };
  const select = (index: number) => onChange({ ...picker, selected: keyAt(index) });

  /** Where a movement command takes the selection from `at`; undefined for the others. */
  const moved = (command: PickerCommand, at: number): number | undefined => {
    const page = Math.max(1, rows - 1);
    const targets: Partial<Record<PickerCommand, number>> = { down: at + 1, up: at - 1, pageDown: at + page, pageUp: at - page, top: 0, end: shown.length - 1 };
    const to = targets[command];
    return to === undefined ? undefined : within(to);
  };

  useInput((input, key) => {
    if (picker.typing) {
      if (key.escape) return onChange({ ...picker, query: '', typing: false });
      if (key.return) return pickFor(picker.query, picker.selected, false);
      if (key.downArrow || key.upArrow) return select(current + (key.downArrow ? 1 : -1));
      const query = editLine(picker.query, input, key);
      return onChange({ ...picker, query, typing: true });
    }
    // Keys typed faster than a frame arrive as one chunk: each movement counts.
    let at = current;
    const chars = input.length > 1 ? Array.from(input) : [input];
    for (const [i, char] of chars.entries()) {
      const command = commandIn(PICKER_KEYMAP, char, key);
      if (!command) continue;
      const next = moved(command, at);
      if (next !== undefined) {
        at = next;
        continue;
      }
      if (command === 'close') return onClose();
      if (command === 'type') {
        // What was typed after / in the same chunk is the query; a newline in it follows at once.
        const typed = chars.slice(i + 1).join('');
        const cut = typed.search(/[\r\n]/);
        const query = editLine('', cut < 0 ? typed : typed.slice(0, cut), key);
        onChange({ selected: keyAt(at), query, typing: cut < 0 });
        return cut < 0 ? undefined : pickFor(query, keyAt(at), false);
      }
      return pickFor(picker.query, keyAt(at), command === 'followPrevious');
    }
    if (at !== current) select(at);
  });

  const { start, end } = windowAround(shown.length, current, rows);
  const nsWidth = Math.max(9, ...shown.map((w) => w.namespace.length));
  const kindWidth = 11;
  const nameWidth = Math.max(4, ...shown.map((w) => w.name.length));
  const problems = listing?.problems ?? [];
  const hint = selector
    ? `Enter follows -l ${selector} in ${workload?.namespace ?? 'the plan\'s namespace'}`
    : problems.length
      ? problems.join(' · ')
      : 'Enter follows the selected workload · p with previous instances · / filter, or type a label selector (app=cart)';
  return (
    <Pane width={width} height={height} focused>
      <Text bold wrap="truncate-end">
        Logs: what to follow
        <Text dimColor>{listing ? `  ${shown.length} of ${listing.workloads.length} workloads` : ''}</Text>
      </Text>
      <Box height={rows} flexDirection="column" overflow="hidden">
        {!listing ? (
          <Text dimColor>listing the workloads…</Text>
        ) : shown.length === 0 ? (
          <Text dimColor={!problems.length} color={problems.length ? 'red' : undefined}>
            {listing.workloads.length ? `no workload matches "${picker.query}"` : (problems[0] ?? 'no workloads here')}
          </Text>
        ) : (
          shown.slice(start, end).map((w, i) => (
            <Text key={`${w.namespace}/${w.kind}/${w.name}`} wrap="truncate-end" inverse={start + i === current}>
              {`${w.namespace.padEnd(nsWidth)}  ${w.kind.padEnd(kindWidth)}  ${w.name.padEnd(nameWidth)}  `.slice(0, innerWidth(width))}
              <Text color={w.failed ? 'red' : w.ready < w.desired ? 'yellow' : 'green'}>{`${w.ready}/${w.desired}${w.failed ? ` ${w.failed} failed` : ''}`}</Text>
            </Text>
          ))
        )}
      </Box>
      {picker.typing ? (
        <Text wrap="truncate-start">
          <Text bold color="cyan">{selector ? `label selector (Enter follows it in ${workload?.namespace ?? 'the plan\'s namespace'}): ` : 'filter, or a label selector: '}</Text>
          {picker.query}
          <Text inverse> </Text>
        </Text>
      ) : (
        <Text wrap="truncate-end" color={!selector && problems.length ? 'red' : undefined} dimColor={selector !== undefined || !problems.length}>
          {hint}
        </Text>
      )}
    </Pane>
  );
}
