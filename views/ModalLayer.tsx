import type { Workbench, WorkbenchSnapshot } from '../src/workbench/session';
import type { FollowOutcome } from '../src/trace/follow';
import { barEntries, fitBar, type KeyContext } from './keys';
import type { ReactElement } from 'react';
import { isPrompt, type LayerModal, type Modal } from './ui-state';
import type { BarEntry } from './components/HelpBar';
import { HelpScreen, HELP_KEYS } from './components/HelpScreen';
import { PROMPT_KEYS } from './components/TextPrompt';
import { LedgerScreen } from './ledger/LedgerScreen';
import { NotePreview, PREVIEW_KEYS } from './ledger/NotePreview';
import { ledgerBar, type LedgerPane } from './ledger/ledger-keys';
import { TimelineScreen, type TimelineLoad } from './timeline/TimelineScreen';
import { TIMELINE_BAR } from './timeline/timeline-keys';
import { TailScreen } from './tail/TailScreen';
import { TAIL_BAR } from './tail/tail-keys';

interface ModalLayerProps {
  modal: LayerModal;
  workbench: Workbench;
  snapshot: WorkbenchSnapshot;
  width: number;
  height: number;
  onClose: () => void;
  /** The ledger's focused pane: where it opens, and where Tab moved it (for the help bar). */
  ledgerPane: LedgerPane;
  onPane: (pane: LedgerPane) => void;
}

type LayerProps<M extends LayerModal = LayerModal> = ModalLayerProps & { modal: M };

/** One layer: what it draws in place of the panes, and its help bar while it is open. */
interface Layer<M extends LayerModal> {
  draw(props: LayerProps<M>): ReactElement;
  bar(modal: M, ledgerPane: LedgerPane): readonly BarEntry[];
}

/** Every full-height layer, by its modal kind: adding one is its component and one entry here. */
const LAYERS: { [K in LayerModal['kind']]: Layer<Extract<LayerModal, { kind: K }>> } = {
  help: {
    draw: ({ snapshot, width, height, onClose }) => <HelpScreen notices={snapshot.notices} width={width} height={height} onClose={onClose} />,
    bar: () => HELP_KEYS,
  },
  ledger: {
    draw: ({ workbench, snapshot, width, height, onClose, ledgerPane, onPane }) => (
      <LedgerScreen
        workbench={workbench}
        state={snapshot.state}
        suggestions={snapshot.suggestions}
        initialPane={ledgerPane}
        width={width}
        height={height}
        onClose={onClose}
        onPane={onPane}
      />
    ),
    bar: (_modal, ledgerPane) => ledgerBar(ledgerPane),
  },
  preview: {
    draw: ({ workbench, width, height, onClose }) => <NotePreview markdown={workbench.previewNote()} width={width} height={height} onClose={onClose} />,
    bar: () => PREVIEW_KEYS,
  },
  timeline: {
    draw: ({ modal, workbench, width, height, onClose }) => (
      <TimelineScreen timeline={modal.load} width={width} height={height} onPin={workbench.pinEvidence} redact={workbench.redactText} onClose={onClose} />
    ),
    // Keys for lines are no use while the trace is followed or when there is none.
    bar: (modal) => (modal.load.result ? TIMELINE_BAR : TIMELINE_BAR.slice(0, 1)),
  },
  tail: {
    draw: ({ workbench, width, height, onClose }) => <TailScreen workbench={workbench} width={width} height={height} onClose={onClose} />,
    bar: () => TAIL_BAR,
  },
};

function layerOf<M extends LayerModal>(modal: M): Layer<M> {
  return LAYERS[modal.kind] as unknown as Layer<M>;
}

/** A full-height layer drawn in place of the panes: help, the ledger, the note preview, the timeline, the log tails. */
export function ModalLayer(props: ModalLayerProps) {
  return layerOf(props.modal).draw(props);
}

/** The help bar's rows: the keymap's on the walk, each layer's own while it is open. */
export function barFor(modal: Modal | undefined, ledgerPane: LedgerPane, context: KeyContext, width: number): BarEntry[][] {
  return fitBar(barEntriesFor(modal, ledgerPane, context), width);
}

function barEntriesFor(modal: Modal | undefined, ledgerPane: LedgerPane, context: KeyContext): readonly BarEntry[] {
  if (modal === undefined) return barEntries(context);
  if (isPrompt(modal)) return PROMPT_KEYS;
  return layerOf(modal).bar(modal, ledgerPane);
}

/** What the timeline view draws for the engine's answer. */
export function timelineLoadOf(outcome: FollowOutcome): TimelineLoad {
  if ('skipped' in outcome) return { problem: outcome.skipped };
  return outcome.metrics ? { result: outcome.result, metrics: outcome.metrics } : { result: outcome.result };
}
