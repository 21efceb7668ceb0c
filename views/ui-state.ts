import type { CheckStatus, StepId } from '../src/model';
import type { KeyCommand } from './keys';
import type { Focus } from './view';
import type { LayerModal } from './layers';
import type { Tone } from './components/StatusLine';
import { clamp } from './window';

/** The prompts that ask for a line of text under the panes. */
export type PromptModal =
  // A refused verdict keeps its prompt open and says why (the ledger's flaky rule).
  | { kind: 'verdict'; step: StepId; status: CheckStatus; refusal?: string }
  | { kind: 'finding'; step: StepId }
  // The trace id to follow, asked for when none was given (`i`, or `t` without one).
  | { kind: 'traceId' };

/** The views drawn in place of the panes (views/layers/), each with its own state. */
export type { LayerModal } from './layers';

/** A modal owns the keyboard while open: a prompt, or a view drawn in place of the panes. */
export type Modal = PromptModal | LayerModal;

export function isPrompt(modal: Modal | undefined): modal is PromptModal {
  return modal?.kind === 'verdict' || modal?.kind === 'finding' || modal?.kind === 'traceId';
}

/** The open view's state changed, if it is still open (a late answer, a moved focus). */
export function withLayer(ui: UiState, kind: LayerModal['kind'], change: (state: LayerModal) => LayerModal): UiState {
  if (ui.modal?.kind !== kind || isPrompt(ui.modal)) return ui;
  const next = change(ui.modal);
  return next === ui.modal ? ui : { ...ui, modal: next };
}

/** What the workbench remembers that the engine does not: where the person is looking. */
export interface UiState {
  step: number;
  check: number;
  focus: Focus;
  evidenceOffset: number;
  modal?: Modal;
  message?: { text: string; tone: Tone };
}

export const initialUi: UiState = { step: 0, check: 0, focus: 'steps', evidenceOffset: 0 };

/** How long the lists are right now, for moving within them. */
export interface ListSizes {
  steps: number;
  checks: number;
  evidence: number;
  evidenceRows: number;
}

export type NavigationCommand = Extract<
  KeyCommand,
  'stepUp' | 'stepDown' | 'checkUp' | 'checkDown' | 'toggleFocus' | 'focusSteps' | 'focusChecks' | 'evidenceUp' | 'evidenceDown'
>;

const NAVIGATION: ReadonlySet<KeyCommand> = new Set<NavigationCommand>([
  'stepUp',
  'stepDown',
  'checkUp',
  'checkDown',
  'toggleFocus',
  'focusSteps',
  'focusChecks',
  'evidenceUp',
  'evidenceDown',
]);

export function isNavigation(command: KeyCommand): command is NavigationCommand {
  return NAVIGATION.has(command);
}

function selectStep(ui: UiState, step: number, sizes: ListSizes): UiState {
  const next = clamp(step, 0, sizes.steps - 1);
  return next === ui.step ? ui : { ...ui, step: next, check: 0, evidenceOffset: 0 };
}

function selectCheck(ui: UiState, check: number, sizes: ListSizes): UiState {
  const next = clamp(check, 0, Math.max(0, sizes.checks - 1));
  return next === ui.check ? ui : { ...ui, check: next, evidenceOffset: 0 };
}

function scrollEvidence(ui: UiState, by: number, sizes: ListSizes): UiState {
  const last = Math.max(0, sizes.evidence - sizes.evidenceRows);
  return { ...ui, evidenceOffset: clamp(ui.evidenceOffset + by, 0, last) };
}

/** Moving around: pure, so the keymap's meaning is testable without a terminal. */
export function navigate(ui: UiState, command: NavigationCommand, sizes: ListSizes): UiState {
  const page = Math.max(1, sizes.evidenceRows - 1);
  switch (command) {
    case 'stepUp':
      return selectStep(ui, ui.step - 1, sizes);
    case 'stepDown':
      return selectStep(ui, ui.step + 1, sizes);
    case 'checkUp':
      return selectCheck(ui, ui.check - 1, sizes);
    case 'checkDown':
      return selectCheck(ui, ui.check + 1, sizes);
    case 'toggleFocus':
      return { ...ui, focus: ui.focus === 'steps' && sizes.checks > 0 ? 'checks' : 'steps' };
    case 'focusSteps':
      return { ...ui, focus: 'steps' };
    case 'focusChecks':
      return sizes.checks > 0 ? { ...ui, focus: 'checks' } : ui;
    case 'evidenceUp':
      return scrollEvidence(ui, -page, sizes);
    case 'evidenceDown':
      return scrollEvidence(ui, page, sizes);
  }
}
