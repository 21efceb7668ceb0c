import { useRef } from 'react';
import { Box, Text } from 'ink';
import { useLatestInput } from '../hooks/use-latest-input';
import type { TailRequest } from '../../src/logs/tail-handle';
import type { WorkloadListing } from '../../src/kube/workloads';
import { formatBytes } from '../../src/checks/paths';
import type { LogFileListing } from '../../src/logs/plan-files';
import { Pane, innerWidth } from '../components/Pane';
import { BORDER_ROWS } from '../layout';
import { clamp, windowAround } from '../window';
import { editLine } from './line-edit';
import { indexOf, isSelector, matchingItems, pickerItems, requestFor, type PickerItem } from './picker-items';
import { commandIn, PICKER_KEYMAP, type PickerCommand } from './tail-keys';

/** Where the person is in the picker; kept by the tail layer so Esc from a tail comes back to it. */
export interface PickerState {
  /** The selected item (`namespace/kind/name`, `file:path`): kept while the query narrows or widens the list. */
  selected?: string;
  query: string;
  typing: boolean;
}

interface WorkloadPickerProps {
  /** Undefined while the engine lists them. */
  listing?: WorkloadListing;
  /** The plan's local log files; undefined while the engine lists them. */
  files?: LogFileListing;
  picker: PickerState;
  onChange: (picker: PickerState) => void;
  onPick: (request: TailRequest) => void;
  onClose: () => void;
  width: number;
  height: number;
}

/** Title, prompt/hint line. */
const CHROME_ROWS = 2;

/** The workloads and the plan's log files a tail can follow; or a label selector typed in the selected row's namespace. */
export function WorkloadPicker({ listing, files, picker: drawn, onChange: report, onPick, onClose, width, height }: WorkloadPickerProps) {
  // Keys typed faster than a frame each arrive before the screen is drawn again: each one reads
  // the state the key before it left, not the one last drawn, or its text would be lost.
  const latest = useRef(drawn);
  latest.current = drawn;
  const onChange = (next: PickerState) => {
    latest.current = next;
    report(next);
  };
  const picker = drawn;
  const items = pickerItems(listing?.workloads ?? [], files?.files ?? []);
  const shown = matchingItems(items, picker.query);
  const rows = Math.max(0, height - BORDER_ROWS - CHROME_ROWS);
  const current = indexOf(shown, picker.selected);
  const item = shown[current];
  const namespace = item?.kind === 'workload' ? item.workload.namespace : undefined;
  const selector = isSelector(picker.query) ? picker.query.trim() : undefined;

  /** Follow the selected item among what `query` shows, or the selector `query` is, in its namespace. */
  const pickFor = (query: string, selected: string | undefined, previous: boolean) => {
    const list = matchingItems(items, query);
    const chosen = list[indexOf(list, selected)];
    if (isSelector(query))
      return onPick({ ...(chosen?.kind === 'workload' ? { namespace: chosen.workload.namespace } : {}), selector: query.trim(), previous });
    if (chosen) onPick(requestFor(chosen, previous));
  };
  const within = (index: number) => clamp(index, 0, Math.max(0, shown.length - 1));
  const keyAt = (index: number) => shown[within(index)]?.key ?? picker.selected;
  const select = (index: number) => onChange({ ...latest.current, selected: keyAt(index) });

  /** Where a movement command takes the selection from `at`; undefined for the others. */
  const moved = (command: PickerCommand, at: number): number | undefined => {
    const page = Math.max(1, rows - 1);
    const targets: Partial<Record<PickerCommand, number>> = { down: at + 1, up: at - 1, pageDown: at + page, pageUp: at - page, top: 0, end: shown.length - 1 };
    const to = targets[command];
    return to === undefined ? undefined : within(to);
  };

  useLatestInput((input, key) => {
    const picker = latest.current;
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
  const columns = {
    ns: Math.max(9, ...shown.map((i) => (i.kind === 'workload' ? i.workload.namespace.length : 0))),
    name: Math.max(4, ...shown.map((i) => (i.kind === 'workload' ? i.workload.name : i.file.path).length)),
  };
  const problems = [...(listing?.problems ?? []), ...(files?.problems ?? [])];
  const fileCount = files?.files.length ?? 0;
  // Without a cluster the files still follow: the problem is said, not shouted.
  const blocking = problems.length > 0 && !fileCount;
  const hint = selector
    ? `Enter follows -l ${selector} in ${namespace ?? "the plan's namespace"}`
    : item?.kind === 'file'
      ? ['Enter follows the selected file from its last lines · / filter', ...problems].join(' · ')
      : problems.length
        ? problems.join(' · ')
        : 'Enter follows the selected workload · p with previous instances · / filter, or type a label selector (app=cart)';
  const counts = [
    listing ? `${shown.filter((i) => i.kind === 'workload').length} of ${listing.workloads.length} workloads` : fileCount ? 'listing the workloads…' : '',
    fileCount ? `${shown.filter((i) => i.kind === 'file').length} of ${fileCount} log files` : '',
  ].filter(Boolean);
  return (
    <Pane width={width} height={height} focused>
      <Text bold wrap="truncate-end">
        Logs: what to follow
        <Text dimColor>{counts.length ? `  ${counts.join(' · ')}` : ''}</Text>
      </Text>
      <Box height={rows} flexDirection="column" overflow="hidden">
        {!listing && !fileCount ? (
          <Text dimColor>listing the workloads…</Text>
        ) : shown.length === 0 ? (
          <Text dimColor={!blocking} color={blocking ? 'red' : undefined}>
            {items.length ? `nothing matches "${picker.query}"` : (problems[0] ?? 'no workloads or log files here')}
          </Text>
        ) : (
          shown.slice(start, end).map((it, i) => <PickerRow key={it.key} item={it} selected={start + i === current} columns={columns} width={width} />)
        )}
      </Box>
      {picker.typing ? (
        <Text wrap="truncate-start">
          <Text bold color="cyan">
            {selector ? `label selector (Enter follows it in ${namespace ?? "the plan's namespace"}): ` : 'filter, or a label selector: '}
          </Text>
          {picker.query}
          <Text inverse> </Text>
        </Text>
      ) : (
        <Text
          wrap="truncate-end"
          color={selector ? undefined : blocking ? 'red' : problems.length ? 'yellow' : undefined}
          dimColor={selector !== undefined || !blocking}
        >
          {hint}
        </Text>
      )}
    </Pane>
  );
}

const KIND_WIDTH = 11;

/** A workload with its readiness, or a local file with its size (or why it cannot be read now). */
function PickerRow({ item, selected, columns, width }: { item: PickerItem; selected: boolean; columns: { ns: number; name: number }; width: number }) {
  if (item.kind === 'file') {
    const f = item.file;
    return (
      <Text wrap="truncate-end" inverse={selected}>
        {`${'local'.padEnd(columns.ns)}  ${'File'.padEnd(KIND_WIDTH)}  ${f.path.padEnd(columns.name)}  `.slice(0, innerWidth(width))}
        <Text color={f.problem ? 'yellow' : undefined} dimColor={!f.problem}>
          {f.problem ?? formatBytes(f.size ?? 0)}
        </Text>
      </Text>
    );
  }
  const w = item.workload;
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {`${w.namespace.padEnd(columns.ns)}  ${w.kind.padEnd(KIND_WIDTH)}  ${w.name.padEnd(columns.name)}  `.slice(0, innerWidth(width))}
      <Text color={w.failed ? 'red' : w.ready < w.desired ? 'yellow' : 'green'}>{`${w.ready}/${w.desired}${w.failed ? ` ${w.failed} failed` : ''}`}</Text>
    </Text>
  );
}
