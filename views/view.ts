import type { ReactElement } from 'react';
import type { Workbench, WorkbenchSnapshot } from '../src/workbench/session';
import type { Binding } from './key-table';
import type { BarEntry } from './components/HelpBar';

// A view of the workbench (help, the ledger, the note preview, the timeline, the log tails) is
// one file under views/layers/ holding all of it: its id, the walk's keys that open it, what it
// does when opened, what it draws in place of the panes, and its help bar while open. The
// registry (views/layers/index.ts) lists them; the key table, the UI state, the layer and the
// workbench's key handling all derive from that list.

export type Focus = 'steps' | 'checks';

/** What a binding of the walk may depend on when deciding whether it applies. */
export interface KeyContext {
  focus: Focus;
  /** The selected step has at least one check (planned or recorded). */
  hasChecks: boolean;
  /** The selected check has more evidence lines than fit. */
  evidenceScrolls: boolean;
}

/** What an open view remembers: its id as `kind`, and anything of its own (the ledger's pane). */
export interface LayerState {
  kind: string;
}

/** What a view draws with while it is open. */
interface LayerProps<S extends LayerState> {
  state: S;
  workbench: Workbench;
  snapshot: WorkbenchSnapshot;
  width: number;
  height: number;
  onClose: () => void;
  /** Changes the view's state while it is still open (a moved focus). */
  onState: (change: (state: S) => S) => void;
  /** The walk's key table, for the full help. */
  keymap: readonly Binding<string, KeyContext>[];
}

/** What a view may do when one of its keys is pressed on the walk. */
export interface OpenContext<S extends LayerState> {
  workbench: Workbench;
  snapshot: WorkbenchSnapshot;
  /** Opens the view in this state, on a clean status line (what it said was about the walk). */
  show(state: S): void;
  /** Changes its state if it is still open: a late answer. */
  update(change: (state: S) => S): void;
  /** Asks for the trace id to follow (the walk's prompt); once given, the view's first command opens it again. */
  askTraceId(): void;
}

/** A binding of the walk that opens a view; a `lead` one is listed before the walk's own (the bar never cuts it). */
export type ViewBinding<C extends string> = Binding<C, KeyContext> & { lead?: boolean };

export interface View<S extends LayerState, C extends string = string> {
  id: S['kind'];
  bindings: readonly ViewBinding<C>[];
  open(command: C, context: OpenContext<S>): void;
  draw(props: LayerProps<S>): ReactElement;
  /** Its help bar while open. */
  bar(state: S): readonly BarEntry[];
}

/** A view, its state type given (`defineView<{ kind: 'help' }>()({ ... })`), its commands inferred from its bindings. */
export function defineView<S extends LayerState>() {
  return <const C extends string>(view: View<S, C>): View<S, C> => view;
}
