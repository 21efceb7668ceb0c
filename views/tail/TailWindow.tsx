import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Box, Text, type Key } from 'ink';
import { useLatestInput } from '../hooks/use-latest-input';
import type { Workbench } from '../../src/workbench/session';
import type { TailRequest } from '../../src/logs/tail-handle';
import { Pane, innerWidth } from '../components/Pane';
import { BORDER_ROWS } from '../layout';
import { editLine } from './line-edit';
import { userPattern } from '../../src/logs/pattern';
import { commandIn, TAIL_KEYMAP, type TailCommand } from './tail-keys';
import { TailRows } from './TailRows';
import { frameOf, jumpTo, moveBy, newLines, pinOf, previousKey, scrolledTo, statusText, streamLooks, visibleLines, type Scroll } from './tail-view';

interface TailWindowProps {
  workbench: Workbench;
  request: TailRequest;
  width: number;
  /** Including the border: the window is never taller. */
  height: number;
  /** Esc: the tail stops and the picker comes back. */
  onBack: () => void;
  onClose: () => void;
}

/** Title, status and the message line: what the window gives up from its rows for lines. */
const CHROME_ROWS = 3;
/** Columns one ← or → scrolls the lines by. */
const SHIFT_STEP = 20;
/**
 * New lines redraw the window at most this often. Ink builds every frame whole, cell by cell
 * (about 10 MB of short-lived objects for 120x40): ten frames a second of a 50-pod tail cost
 * half a core and most of the workbench's memory, four cost 40% of that, and nobody reads
 * a log faster.
 */
const REDRAW_MS = 250;

/** A subscription that hears of changes at most every `ms`, the last change never lost. */
function throttled(subscribe: (listener: () => void) => () => void, ms: number): (listener: () => void) => () => void {
  return (listener) => {
    let last = 0;
    let timer: NodeJS.Timeout | undefined;
    const tell = () => {
      timer = undefined;
      last = Date.now();
      listener();
    };
    const stop = subscribe(() => {
      const wait = last + ms - Date.now();
      if (wait <= 0) tell();
      else timer ??= setTimeout(tell, wait);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  };
}

/**
 * The tail itself. The engine holds the lines (bounded, redacted); React state holds only
 * where the window is, the filter and the hidden previous instances, so a batch of lines
 * costs one render of the rows that fit.
 */
export function TailWindow({ workbench, request, width, height, onBack, onClose }: TailWindowProps) {
  const [handle] = useState(() => workbench.openTail(request));
  useEffect(() => () => handle.close(), [handle]);
  const subscribe = useMemo(() => throttled(handle.subscribe, REDRAW_MS), [handle]);
  const state = useSyncExternalStore(subscribe, handle.getState);
  const [scroll, setScroll] = useState<Scroll>({ follow: true });
  const [filter, setFilter] = useState('');
  const [typing, setTypingState] = useState(false);
  // Read by the key handler: a key typed before the frame that `/` asked for is still typed into the filter.
  const typingNow = useRef(false);
  const setTyping = (on: boolean) => {
    typingNow.current = on;
    setTypingState(on);
  };
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [raw, setRaw] = useState(false);
  const [shift, setShift] = useState(0);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  // A previous instance asked for: once its lines are in, the window jumps to its last one.
  const [awaiting, setAwaiting] = useState<string>();

  const rows = Math.max(0, height - BORDER_ROWS - CHROME_ROWS);
  // Typed a character at a time, the pattern is often unfinished: say what is wrong and filter nothing meanwhile.
  const pattern = useMemo(() => (filter ? userPattern(filter) : undefined), [filter]);
  const regex = pattern?.ok ? pattern.regex : undefined;
  const visible = useMemo(() => visibleLines(state.lines, hidden, regex), [state.lines, hidden, regex]);
  // Every flush brings a new streams array; the looks change only when the streams followed do,
  // and stay the same objects otherwise, so the memoised rows are not drawn again (a look is made of the keys alone).
  const streamKeys = state.streams.map((s) => s.key).join('\n');
  const looks = useMemo(() => streamLooks(state.streams), [streamKeys]);
  const frame = frameOf(visible, scroll, rows);
  const selected = visible.at(frame.selected);
  const seen = scroll.follow ? state.received : scroll.seen;

  useEffect(() => {
    const stream = awaiting && state.streams.find((s) => s.key === awaiting);
    if (!stream || stream.state === 'streaming' || stream.state === 'queued') return;
    setAwaiting(undefined);
    const what = looks.get(stream.key)?.label.replace(/ ↶$/, '') ?? `${stream.pod}/${stream.container}`;
    if (stream.state === 'failed') return setMessage({ text: `no previous instance of ${what}: ${stream.error ?? 'the fetch failed'}`, error: true });
    let last = visible.length - 1;
    while (last >= 0 && visible.at(last)!.stream !== stream.key) last--;
    if (last < 0) return setMessage({ text: `the previous instance of ${what} left no lines${filter ? ' that pass the filter' : ''}`, error: false });
    setScroll(jumpTo(visible, last, rows, seen));
    setMessage({ text: `previous instance of ${what}: its last line (p hides it, Enter follows again)`, error: false });
  }, [awaiting, state.streams, looks, visible, rows, seen, filter]);

  const togglePrevious = () => {
    if (!selected) return setMessage({ text: 'no line selected yet', error: false });
    if (selected.file) return setMessage({ text: `${selected.file} is a file: it has no previous instance`, error: false });
    const key = selected.previous ? selected.stream : previousKey(selected);
    const what = looks.get(selected.stream)?.label.replace(/ ↶$/, '') ?? `${selected.pod}/${selected.container}`;
    const known = state.streams.find((s) => s.key === key);
    if (hidden.has(key)) {
      setHidden((h) => new Set([...h].filter((k) => k !== key)));
      return setAwaiting(key);
    }
    if (known?.state === 'ended') {
      setHidden((h) => new Set([...h, key]));
      return setMessage({ text: `previous instance of ${what} hidden`, error: false });
    }
    if (known?.state === 'streaming') return setMessage({ text: `fetching the previous instance of ${what}…`, error: false });
    handle.previous(selected.pod, selected.container);
    setAwaiting(key);
    setMessage({ text: `fetching the previous instance of ${what}…`, error: false });
  };

  const perform = (command: TailCommand) => {
    setMessage(undefined);
    const move = (by: number) => setScroll((s) => moveBy(visible, s, by, rows, state.received));
    switch (command) {
      case 'back':
        return onBack();
      case 'close':
        return onClose();
      case 'down':
        return move(1);
      case 'up':
        return move(-1);
      case 'pageDown':
        return move(Math.max(1, rows - 1));
      case 'pageUp':
        return move(-Math.max(1, rows - 1));
      case 'top':
        return setScroll(scrolledTo(visible, 0, 0, seen));
      case 'follow':
        return setScroll({ follow: true });
      case 'filter':
        return setTyping(true);
      case 'raw':
        setRaw((r) => !r);
        return setMessage({
          text: raw ? 'structured lines read apart: LEVEL message, then key=value dimmed (← → scroll)' : 'lines raw, as the container wrote them',
          error: false,
        });
      case 'right':
        return setShift((s) => s + SHIFT_STEP);
      case 'left':
        return setShift((s) => Math.max(0, s - SHIFT_STEP));
      case 'previous':
        return togglePrevious();
      case 'pin': {
        if (!selected) return;
        const answer = workbench.pinEvidence(pinOf(selected));
        return setMessage(
          answer.ok
            ? { text: `pinned as evidence ${answer.id}: ${looks.get(selected.stream)?.label ?? selected.stream} ${selected.time ?? ''}`, error: false }
            : { text: answer.refusal, error: true },
        );
      }
    }
  };

  useLatestInput((input, key) => {
    if (typingNow.current) {
      if (key.escape) setFilter('');
      if (key.escape || key.return) return setTyping(false);
      return setFilter((f) => editLine(f, input, key));
    }
    const chars = input.length > 1 ? Array.from(input) : [input];
    for (const [i, char] of chars.entries()) {
      const command = commandIn(TAIL_KEYMAP, char, key);
      if (command) perform(command);
      // What was typed after / in the same chunk is the filter's text; a newline in it confirms it.
      if (command === 'filter') return startFilter(chars.slice(i + 1).join(''), key);
      if (command === 'back' || command === 'close') break;
    }
  });

  function startFilter(typed: string, key: Key) {
    const cut = typed.search(/[\r\n]/);
    setFilter(editLine('', cut < 0 ? typed : typed.slice(0, cut), key));
    setTyping(cut < 0);
  }

  const fresh = newLines(scroll, state.received);
  const failed = state.streams.find((s) => s.state === 'failed' && !s.previous);
  const footer = message ?? (failed ? { text: `${failed.file ?? `${failed.pod}/${failed.container}`}: ${failed.error ?? 'failed'}`, error: true } : undefined);
  return (
    <Pane width={width} height={height} focused>
      <Text bold wrap="truncate-end">
        {`Logs ${state.title}`}
        <Text dimColor>{filter ? `  /${filter}/ ${visible.length} of ${state.lines.length} lines` : `  ${state.lines.length} lines`}</Text>
        {shift ? <Text color="cyan">{` · → ${shift}`}</Text> : null}
        {scroll.follow ? (
          <Text color="green"> · following</Text>
        ) : (
          <Text color="yellow">{` · scrolled${fresh ? ` · ${fresh.toLocaleString('en-US')} new lines (Enter follows)` : ''}`}</Text>
        )}
      </Text>
      <Box height={rows} flexDirection="column" overflow="hidden">
        {state.phase === 'failed' ? (
          <Text color="red">{state.problem}</Text>
        ) : state.phase === 'starting' ? (
          <Text dimColor>{state.source === 'file' ? 'opening the file…' : 'finding the pods…'}</Text>
        ) : visible.length === 0 ? (
          <Text dimColor>
            {filter
              ? `no line matches /${filter}/`
              : state.streams.length === 0
                ? `no pods for ${state.title} yet: the pod list is read again while the tail is open`
                : state.source === 'file'
                  ? `no lines in ${state.title} yet: what is appended shows here`
                  : 'no lines yet'}
          </Text>
        ) : (
          <TailRows
            lines={visible.slice(frame.start, frame.end)}
            selected={frame.selected - frame.start}
            looks={looks}
            width={innerWidth(width)}
            raw={raw}
            shift={shift}
          />
        )}
      </Box>
      <Text wrap="truncate-end" dimColor>
        {statusText(state)}
        {state.notice ? <Text color="yellow">{` · ${state.notice}`}</Text> : null}
      </Text>
      {typing ? (
        <Text wrap="truncate-start">
          <Text bold color="cyan">
            {'filter (regex): '}
          </Text>
          {filter}
          <Text inverse> </Text>
          {pattern && !pattern.ok ? <Text color="red">{`  not a pattern yet: ${pattern.problem}`}</Text> : null}
        </Text>
      ) : pattern && !pattern.ok ? (
        <Text wrap="truncate-end" color="red">{`filter /${filter}/ is not a pattern: ${pattern.problem} (/ edits it, Esc clears it)`}</Text>
      ) : (
        <Text wrap="truncate-end" color={footer?.error ? 'red' : footer ? 'green' : undefined} dimColor={!footer}>
          {footer?.text ?? (selected ? `${selected.stream} ${selected.time ?? ''}` : ' ')}
        </Text>
      )}
    </Pane>
  );
}
