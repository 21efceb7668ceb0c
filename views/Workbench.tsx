import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Box, Text, useApp } from 'ink';
import type { CheckStatus, StepId } from '../src/model';
import type { Workbench } from '../src/workbench/session';
import { checkRows } from './check-rows';
import { commandFor, type KeyCommand, type KeyContext } from './keys';
import { layoutFor } from './layout';
import { wrapLines } from './format';
import { clamp } from './window';
import { initialUi, isNavigation, isPrompt, navigate, withLayer, type LayerModal, type PromptModal, type UiState } from './ui-state';
import { useClock } from './hooks/use-clock';
import { useChunkedInput } from './hooks/use-chunked-input';
import { useTerminalSize } from './hooks/use-terminal-size';
import { Header } from './components/Header';
import { evidenceRows } from './components/CheckDetail';
import { innerWidth } from './components/Pane';
import { evidenceDisplayRows } from './evidence-rows';
import { StatusLine, type Tone } from './components/StatusLine';
import { HelpBar } from './components/HelpBar';
import { TextPrompt } from './components/TextPrompt';
import { MainPanes } from './MainPanes';
import { ModalLayer, barFor } from './ModalLayer';
import { isViewCommand, viewFor, VIEWS } from './layers';
import type { OpenContext } from './view';

const VERDICT_OF: Partial<Record<KeyCommand, CheckStatus>> = { markPass: 'pass', markFail: 'fail', markSkip: 'skip' };

// A prompt or a view now owns the keyboard, or the walk is over: the rest of the chunk is not for the walk.
const ENDS_CHUNK: ReadonlySet<KeyCommand> = new Set<KeyCommand>([
  'markPass',
  'markFail',
  'markSkip',
  'addFinding',
  'quit',
  ...VIEWS.flatMap((v) => v.bindings.map((b) => b.command)),
]);

/** Where a refused verdict is told the way out: the ledger's mechanism keys. */
const MECHANISM_HINT = ' Esc, then h: m names the mechanism, M says it is not yet named and what is missing.';

function promptLabel(modal: PromptModal, stepTitle: (id: StepId) => string, current?: string): string {
  switch (modal.kind) {
    case 'verdict':
      return `Why is ${stepTitle(modal.step)} ${modal.status}?`;
    case 'finding':
      return `Finding for ${stepTitle(modal.step)}`;
    case 'traceId':
      return current ? `Trace id to follow (now ${current})` : 'Trace id to follow (a trace, job or request id)';
  }
}

/** The whole screen: draws the engine's snapshot and turns keys into intents. */
export function WorkbenchScreen({ workbench, title, staged }: { workbench: Workbench; title?: string; staged?: boolean }) {
  const snapshot = useSyncExternalStore(workbench.subscribe, workbench.getSnapshot);
  const { rows, columns } = useTerminalSize();
  const { exit } = useApp();
  const [ui, setUi] = useState<UiState>(initialUi);

  const steps = workbench.steps;
  const step = steps[clamp(ui.step, 0, steps.length - 1)]!;
  const stepState = snapshot.state.steps[step.id];
  const checks = checkRows(snapshot, step.id);
  const checkIndex = clamp(ui.check, 0, Math.max(0, checks.length - 1));
  const check = checks[checkIndex];
  const modal = ui.modal;
  // A refusal is read whole, above the prompt it keeps open; the panes give up the rows.
  const refusal = modal?.kind === 'verdict' && modal.refusal ? wrapLines(`refused: ${modal.refusal}${MECHANISM_HINT}`, Math.max(20, columns)) : [];
  // The bar's rows are those of its fullest form here, so scrolling evidence never moves the panes.
  const barRows = barFor(modal, { focus: ui.focus, hasChecks: checks.length > 0, evidenceScrolls: true }, Math.max(20, columns)).length;
  const layout = layoutFor(rows - refusal.length, columns, checks.length, snapshot.suggestions.length > 0, barRows);
  // Evidence scrolls by wrapped rows, so a long line is read whole.
  const evidenceCount = evidenceDisplayRows(check?.result?.evidence ?? [], innerWidth(layout.rightWidth)).length;
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

  // A pairing partner's latest step (another terminal, an agent) shows as it arrives.
  const partnerSeen = useRef(0);
  useEffect(() => {
    const partner = snapshot.partner;
    if (!partner || partner.seq === partnerSeen.current) return;
    partnerSeen.current = partner.seq;
    tell(partner.text, 'info');
  }, [snapshot.partner]);

  const context: KeyContext = {
    focus: ui.focus,
    hasChecks: checks.length > 0,
    evidenceScrolls: layout.detailHeight > 0 && evidenceCount > evidenceFits,
  };

  const changeLayer = (kind: LayerModal['kind']) => (change: (state: LayerModal) => LayerModal) => setUi((u) => withLayer(u, kind, change));
  // A view opens on a clean status line: what it said was about the walk.
  const opening = (kind: LayerModal['kind']): OpenContext<LayerModal> => ({
    workbench,
    snapshot,
    show: (state) => setUi((u) => ({ ...u, message: undefined, modal: state })),
    update: changeLayer(kind),
    askTraceId: () => setUi((u) => ({ ...u, message: undefined, modal: { kind: 'traceId' } })),
  });

  const perform = (command: KeyCommand) => {
    if (isNavigation(command)) {
      const sizes = { steps: steps.length, checks: checks.length, evidence: evidenceCount, evidenceRows: evidenceFits };
      setUi((u) => navigate({ ...u, check: checkIndex }, command, sizes));
      return;
    }
    if (isViewCommand(command)) {
      const view = viewFor(command);
      return view.open(command, opening(view.id));
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
      case 'quit':
        return exit();
    }
  };

  useChunkedInput(
    (input, key) => {
      const command = commandFor(input, key, context);
      if (!command) return;
      perform(command);
      // A modal now owns the keyboard; after a move the rest is for the new selection.
      return ENDS_CHUNK.has(command) ? 'stop' : isNavigation(command) ? 'wait' : undefined;
    },
    { isActive: modal === undefined },
  );

  const closeModal = () => setUi((u) => ({ ...u, modal: undefined }));
  const stepTitle = (id: StepId) => steps.find((s) => s.id === id)?.title ?? id;
  const submitPrompt = (prompt: PromptModal, text: string) => {
    if (prompt.kind === 'traceId') {
      try {
        workbench.setTraceId(text);
      } catch (error) {
        return setUi((u) => ({ ...u, modal: undefined, message: { text: `not recorded: ${(error as Error).message}`, tone: 'error' } }));
      }
      // Given, the id is followed: the view that asked for it opens.
      return perform('timeline');
    }
    const title = stepTitle(prompt.step);
    if (prompt.kind === 'finding') {
      closeModal();
      return send(() => workbench.addFinding(prompt.step, text), `finding added to ${title}`);
    }
    try {
      const answer = workbench.markStep(prompt.step, prompt.status, text);
      if (!answer.ok) return setUi((u) => ({ ...u, modal: { ...prompt, refusal: answer.refusal } }));
      setUi((u) => ({ ...u, modal: undefined, message: { text: `${title} marked ${prompt.status}`, tone: 'info' } }));
    } catch (error) {
      setUi((u) => ({ ...u, modal: undefined, message: { text: `not recorded: ${(error as Error).message}`, tone: 'error' } }));
    }
  };

  return (
    <Box flexDirection="column" width={layout.width} height={layout.height + refusal.length} overflow="hidden">
      <Header title={title ?? snapshot.state.title} state={snapshot.state} />
      <Box height={layout.main} overflow="hidden">
        {modal && !isPrompt(modal) ? (
          <ModalLayer
            modal={modal}
            workbench={workbench}
            snapshot={snapshot}
            width={layout.width}
            height={layout.main}
            onClose={closeModal}
            onState={changeLayer(modal.kind)}
          />
        ) : (
          <MainPanes steps={steps} snapshot={snapshot} ui={ui} step={step} checks={checks} checkIndex={checkIndex} layout={layout} now={now} staged={staged} />
        )}
      </Box>
      {refusal.map((line, i) => (
        <Text key={i} color="red">
          {line}
        </Text>
      ))}
      {isPrompt(modal) ? (
        <TextPrompt
          key={modal.kind}
          label={promptLabel(modal, stepTitle, workbench.traceId())}
          onSubmit={(text) => submitPrompt(modal, text)}
          onCancel={closeModal}
        />
      ) : (
        <StatusLine text={ui.message?.text} tone={ui.message?.tone ?? 'info'} />
      )}
      <Box height={barRows} flexShrink={0} overflow="hidden">
        <HelpBar rows={barFor(modal, context, layout.width)} />
      </Box>
    </Box>
  );
}
