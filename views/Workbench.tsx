import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Box, useApp, useInput } from 'ink';
import type { CheckStatus, StepId } from '../src/model';
import type { Workbench } from '../src/investigation/session';
import { checkRows } from './check-rows';
import { barEntries, commandFor, type KeyCommand, type KeyContext } from './keys';
import { layoutFor } from './layout';
import { clamp } from './window';
import { initialUi, isNavigation, navigate, type Modal, type UiState } from './ui-state';
import { useClock } from './hooks/use-clock';
import { useTerminalSize } from './hooks/use-terminal-size';
import { Header } from './components/Header';
import { StepList } from './components/StepList';
import { StepInfo } from './components/StepInfo';
import { CheckList } from './components/CheckList';
import { CheckDetail, evidenceRows } from './components/CheckDetail';
import { StatusLine, type Tone } from './components/StatusLine';
import { HelpBar } from './components/HelpBar';
import { HelpScreen, HELP_KEYS } from './components/HelpScreen';
import { TextPrompt, PROMPT_KEYS } from './components/TextPrompt';
import { LedgerScreen } from './ledger/LedgerScreen';
import { NotePreview, PREVIEW_KEYS } from './ledger/NotePreview';
import { ledgerBar, type LedgerPane } from './ledger/ledger-keys';

const VERDICT_OF: Partial<Record<KeyCommand, CheckStatus>> = { markPass: 'pass', markFail: 'fail', markSkip: 'skip' };

const ENDS_CHUNK: ReadonlySet<KeyCommand> = new Set(['markPass', 'markFail', 'markSkip', 'addFinding', 'help', 'quit', 'ledger', 'preview']);

/** The modals that ask for a line of text. */
type PromptModal = Exclude<Modal, { kind: 'help' | 'ledger' | 'preview' }>;

function promptLabel(modal: PromptModal, stepTitle: string): string {
  return modal.kind === 'verdict' ? `Why is ${stepTitle} ${modal.status}?` : `Finding for ${stepTitle}`;
}

/** The whole screen: draws the engine's snapshot and turns keys into intents. */
export function WorkbenchScreen({ workbench, title }: { workbench: Workbench; title?: string }) {
  const snapshot = useSyncExternalStore(workbench.subscribe, workbench.getSnapshot);
  const { rows, columns } = useTerminalSize();
  const { exit } = useApp();
  const [ui, setUi] = useState<UiState>(initialUi);
  const [ledgerPane, setLedgerPane] = useState<LedgerPane>('hypotheses');

  const steps = workbench.steps;
  const step = steps[clamp(ui.step, 0, steps.length - 1)]!;
  const stepState = snapshot.state.steps[step.id];
  const checks = checkRows(snapshot, step.id);
  const checkIndex = clamp(ui.check, 0, Math.max(0, checks.length - 1));
  const check = checks[checkIndex];
  const layout = layoutFor(rows, columns, checks.length);
  const evidenceCount = check?.result?.evidence.length ?? 0;
  const evidenceFits = evidenceRows(check, layout.rightWidth, layout.detailHeight);
  const running = steps.some((s) => snapshot.state.steps[s.id].checks.some((c) => c.running));
  const now = useClock(running);

  const tell = (text: string, tone: Tone) => setUi((u) => ({ ...u, message: { text, tone } }));
  // Intents write the journal synchronously; a failed write is shown, never swallowed.
  const send = (intent: () => void, done?: string) => {
    try {
      intent();
      if (done) tell(done, 'info');
    } catch (error) {
      tell(`not recorded: ${(error as Error).message}`, 'error');
    }
  };

  // A new engine notice (torn line, interrupted check, failed run) replaces the status line.
  const noticesSeen = useRef(0);
  useEffect(() => {
    if (snapshot.notices.length > noticesSeen.current) tell(snapshot.notices.at(-1)!, 'notice');
    noticesSeen.current = snapshot.notices.length;
  }, [snapshot.notices]);

  const context: KeyContext = {
    focus: ui.focus,
    hasChecks: checks.length > 0,
    evidenceScrolls: layout.detailHeight > 0 && evidenceCount > evidenceFits,
  };

  const perform = (command: KeyCommand) => {
    if (isNavigation(command)) {
      const sizes = { steps: steps.length, checks: checks.length, evidence: evidenceCount, evidenceRows: evidenceFits };
      setUi((u) => navigate({ ...u, check: checkIndex }, command, sizes));
      return;
    }
    const verdict = VERDICT_OF[command];
    if (verdict) return setUi((u) => ({ ...u, modal: { kind: 'verdict', step: step.id, status: verdict } }));
    switch (command) {
      case 'runStep':
        if (checks.length === 0) return tell(`${step.title} has no checks in the plan: mark it by hand`, 'notice');
        if (stepState.status === 'running') return tell(`${step.title} is already running`, 'notice');
        return send(() => workbench.runStep(step.id));
      case 'runAll':
        return send(() => workbench.runAll());
      case 'addFinding':
        return setUi((u) => ({ ...u, modal: { kind: 'finding', step: step.id } }));
      case 'writeNote':
        tell('writing the note…', 'info');
        return void workbench.writeNote().then(
          (path) => tell(`note written: ${path}`, 'info'),
          (error: unknown) => tell(`the note was not written: ${(error as Error).message}`, 'error'),
        );
      case 'help':
        return setUi((u) => ({ ...u, modal: { kind: 'help' } }));
      case 'ledger':
        setLedgerPane('hypotheses');
        return setUi((u) => ({ ...u, modal: { kind: 'ledger' } }));
      case 'preview':
        return setUi((u) => ({ ...u, modal: { kind: 'preview' } }));
      case 'quit':
        return exit();
    }
  };

  useInput(
    (input, key) => {
      // Keys typed faster than a frame (a held j) arrive as one chunk: each is a press.
      for (const char of input.length > 1 ? Array.from(input) : [input]) {
        const command = commandFor(char, key, context);
        if (command) perform(command);
        // A modal now owns the keyboard; the rest of the chunk was not meant for the keymap.
        if (command && ENDS_CHUNK.has(command)) break;
      }
    },
    { isActive: ui.modal === undefined },
  );

  const closeModal = () => setUi((u) => ({ ...u, modal: undefined }));
  const stepTitle = (id: StepId) => steps.find((s) => s.id === id)?.title ?? id;
  const submitPrompt = (modal: PromptModal, text: string) => {
    closeModal();
    const title = stepTitle(modal.step);
    if (modal.kind === 'verdict') send(() => workbench.markStep(modal.step, modal.status, text), `${title} marked ${modal.status}`);
    if (modal.kind === 'finding') send(() => workbench.addFinding(modal.step, text), `finding added to ${title}`);
  };

  const modal = ui.modal;
  const prompting = modal !== undefined && modal.kind !== 'help' && modal.kind !== 'ledger' && modal.kind !== 'preview';
  const bar =
    modal === undefined
      ? barEntries(context)
      : prompting
        ? PROMPT_KEYS
        : modal.kind === 'ledger'
          ? ledgerBar(ledgerPane)
          : modal.kind === 'preview'
            ? PREVIEW_KEYS
            : HELP_KEYS;
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height} overflow="hidden">
      <Header title={title ?? snapshot.state.title} state={snapshot.state} />
      <Box height={layout.main} overflow="hidden">
        {modal?.kind === 'help' ? (
          <HelpScreen notices={snapshot.notices} width={layout.width} height={layout.main} onClose={closeModal} />
        ) : modal?.kind === 'ledger' ? (
          <LedgerScreen workbench={workbench} state={snapshot.state} width={layout.width} height={layout.main} onClose={closeModal} onPane={setLedgerPane} />
        ) : modal?.kind === 'preview' ? (
          <NotePreview markdown={workbench.previewNote()} width={layout.width} height={layout.main} onClose={closeModal} />
        ) : (
          <>
            <Box flexDirection="column" width={layout.leftWidth} flexShrink={0}>
              <StepList
                steps={steps}
                states={snapshot.state.steps}
                selected={ui.step}
                focused={ui.focus === 'steps'}
                width={layout.leftWidth}
                height={layout.stepsHeight}
                now={now}
              />
              <StepInfo state={stepState} width={layout.leftWidth} height={layout.stepInfoHeight} />
            </Box>
            <Box flexDirection="column" width={layout.rightWidth} flexShrink={0}>
              <CheckList
                step={step}
                rows={checks}
                selected={checkIndex}
                focused={ui.focus === 'checks'}
                width={layout.rightWidth}
                height={layout.checksHeight}
                now={now}
              />
              <CheckDetail
                step={step}
                row={check}
                evidenceOffset={ui.evidenceOffset}
                width={layout.rightWidth}
                height={layout.detailHeight}
                now={now}
              />
            </Box>
          </>
        )}
      </Box>
      {prompting ? (
        <TextPrompt
          label={promptLabel(modal, stepTitle(modal.step))}
          onSubmit={(text) => submitPrompt(modal, text)}
          onCancel={closeModal}
        />
      ) : (
        <StatusLine text={ui.message?.text} tone={ui.message?.tone ?? 'info'} />
      )}
      <HelpBar entries={bar} />
    </Box>
  );
}
