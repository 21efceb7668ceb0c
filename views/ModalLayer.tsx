import type { Workbench, WorkbenchSnapshot } from '../src/investigation/session';
import type { FollowOutcome } from '../src/trace/follow';
import { barEntries, fitBar, type KeyContext } from './keys';
import type { LayerModal, Modal } from './ui-state';
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

/** A full-height layer drawn in place of the panes: help, the ledger, the note preview, the timeline. */
export function ModalLayer({ modal, workbench, snapshot, width, height, onClose, ledgerPane, onPane }: ModalLayerProps) {
  switch (modal.kind) {
    case 'help':
      return <HelpScreen notices={snapshot.notices} width={width} height={height} onClose={onClose} />;
    case 'ledger':
      return (
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
      );
    case 'preview':
      return <NotePreview markdown={workbench.previewNote()} width={width} height={height} onClose={onClose} />;
    case 'timeline':
      return <TimelineScreen timeline={modal.load} width={width} height={height} onPin={workbench.pinEvidence} redact={workbench.redactText} onClose={onClose} />;
    case 'tail':
      return <TailScreen workbench={workbench} width={width} height={height} onClose={onClose} />;
  }
}

/** The help bar's rows: the keymap's on the walk, each layer's own while it is open. */
export function barFor(modal: Modal | undefined, ledgerPane: LedgerPane, context: KeyContext, width: number): BarEntry[][] {
  return fitBar(barEntriesFor(modal, ledgerPane, context), width);
}

function barEntriesFor(modal: Modal | undefined, ledgerPane: LedgerPane, context: KeyContext): readonly BarEntry[] {
  switch (modal?.kind) {
    case undefined:
      return barEntries(context);
    case 'verdict':
    case 'finding':
    case 'traceId':
      return PROMPT_KEYS;
    case 'help':
      return HELP_KEYS;
    case 'ledger':
      return ledgerBar(ledgerPane);
    case 'preview':
      return PREVIEW_KEYS;
    case 'timeline':
      // Keys for lines are no use while the trace is followed or when there is none.
      return modal.load.result ? TIMELINE_BAR : TIMELINE_BAR.slice(0, 1);
    case 'tail':
      return TAIL_BAR;
  }
}

/** What the timeline view draws for the engine's answer. */
export function timelineLoadOf(outcome: FollowOutcome): TimelineLoad {
  if ('skipped' in outcome) return { problem: outcome.skipped };
  return outcome.metrics ? { result: outcome.result, metrics: outcome.metrics } : { result: outcome.result };
}
