import type { View } from '../view';
import { help } from './help';
import { ledger } from './ledger';
import { preview } from './preview';
import { tail } from './tail';
import { timeline } from './timeline';

// Every view of the workbench, one line each, in the order their keys are listed in the help
// bar and the full help. Adding a view: its file in this folder, and one line here.
export const VIEWS = [help, ledger, timeline, tail, preview] as const;

type AnyView = (typeof VIEWS)[number];

/** The state of an open view (what the UI state holds while one is drawn in place of the panes). */
export type LayerModal = AnyView extends infer V ? (V extends View<infer S, string> ? S : never) : never;

/** A walk command that opens a view. */
export type ViewCommand = AnyView['bindings'][number]['command'];

const VIEW_COMMANDS: ReadonlySet<string> = new Set(VIEWS.flatMap((v) => v.bindings.map((b) => b.command)));

export function isViewCommand(command: string): command is ViewCommand {
  return VIEW_COMMANDS.has(command);
}

/** The view a walk command opens. */
export function viewFor(command: ViewCommand): View<LayerModal> {
  return VIEWS.find((v) => v.bindings.some((b) => b.command === command)) as unknown as View<LayerModal>;
}

/** The view an open state belongs to. */
export function viewOf(state: LayerModal): View<LayerModal> {
  return VIEWS.find((v) => v.id === state.kind) as unknown as View<LayerModal>;
}
