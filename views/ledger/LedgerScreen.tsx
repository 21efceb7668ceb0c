import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { InvestigationState } from '../../src/investigation/fold';
import type { LedgerResult } from '../../src/investigation/ledger';
import { SEVERITY_TARGETS, type Verdict } from '../../src/investigation/ledger-state';
import type { Workbench } from '../../src/investigation/session';
import type { Tone } from '../components/StatusLine';
import { TextPrompt } from '../components/TextPrompt';
import { clamp } from '../window';
import { candidatesOf } from './candidates';
import { EvidenceList } from './EvidenceList';
import { HypothesisList } from './HypothesisList';
import { LedgerSummary, SUMMARY_ROWS } from './LedgerSummary';
import { ledgerCommandFor, VERDICT_OF, type LedgerCommand, type LedgerPane } from './ledger-keys';
import { isSelect, PromptSelect, textLabel, type Prompt } from './LedgerPrompt';

const MESSAGE_ROWS = 2;
const TONE_COLOR: Record<Tone, string> = { info: 'green', notice: 'yellow', error: 'red' };

interface LedgerScreenProps {
  workbench: Workbench;
  state: InvestigationState;
  width: number;
  height: number;
  onClose: () => void;
  /** Which pane has focus, for the workbench's help bar. */
  onPane?: (pane: LedgerPane) => void;
}

/** The hypotheses/discrimination view: verdicts with cited evidence, mechanism, fix, title, severity. */
export function LedgerScreen({ workbench, state, width, height, onClose, onPane }: LedgerScreenProps) {
  const [pane, setPane] = useState<LedgerPane>('hypotheses');
  const [hypothesis, setHypothesis] = useState(0);
  const [line, setLine] = useState(0);
  const [cited, setCited] = useState<ReadonlySet<string>>(new Set());
  const [prompt, setPrompt] = useState<Prompt>();
  const [message, setMessage] = useState<{ text: string; tone: Tone }>();

  const hypotheses = state.ledger.hypotheses;
  const candidates = candidatesOf(state);
  const selectedHypothesis = hypotheses[clamp(hypothesis, 0, hypotheses.length - 1)];
  // Two rows for the status: a refusal says what is missing, and must be read whole.
  const lists = Math.max(2, height - SUMMARY_ROWS - MESSAGE_ROWS);
  const hypothesesHeight = Math.max(3, Math.floor(lists * 0.45));

  const report = (result: LedgerResult, done: string) => {
    setMessage(result.ok ? { text: done, tone: 'info' } : { text: `refused: ${result.refusal}`, tone: 'error' });
    return result.ok;
  };

  const verdict = (verdictOf: { verdict: Verdict; primary: boolean }, reason: string) => {
    if (!selectedHypothesis) return;
    const result = workbench.setVerdict({ hypothesis: selectedHypothesis.id, verdict: verdictOf.verdict, reason, evidence: [...cited], primary: verdictOf.primary });
    if (report(result, `${selectedHypothesis.label} ${verdictOf.verdict}${verdictOf.primary ? ' (primary)' : ''}`)) setCited(new Set());
  };

  const choose = () => {
    const candidate = candidates[clamp(line, 0, candidates.length - 1)];
    if (!candidate) return;
    if (cited.has(candidate.id)) {
      setCited((c) => new Set([...c].filter((id) => id !== candidate.id)));
      return;
    }
    const result = workbench.pinEvidence(candidate.pin);
    if (!report(result, `${candidate.label ?? 'line'} pinned; cited in the next verdict`) || !result.ok) return;
    setCited((c) => new Set([...c, result.id]));
  };

  const perform = (command: LedgerCommand) => {
    const move = (by: number) =>
      pane === 'hypotheses'
        ? setHypothesis((h) => clamp(h + by, 0, Math.max(0, hypotheses.length - 1)))
        : setLine((l) => clamp(l + by, 0, Math.max(0, candidates.length - 1)));
    const verdictOf = VERDICT_OF[command];
    if (verdictOf) {
      if (!selectedHypothesis) return setMessage({ text: 'no hypothesis yet: a adds one', tone: 'notice' });
      if (verdictOf.verdict === 'OPEN') return verdict(verdictOf, '');
      return setPrompt({ kind: 'reason', hypothesis: selectedHypothesis.id, label: selectedHypothesis.label, ...verdictOf });
    }
    switch (command) {
      case 'close':
        return onClose();
      case 'up':
        return move(-1);
      case 'down':
        return move(1);
      case 'switchPane': {
        const next = pane === 'hypotheses' ? 'evidence' : 'hypotheses';
        onPane?.(next);
        return setPane(next);
      }
      case 'choose':
        return choose();
      case 'addHypothesis':
        return setPrompt({ kind: 'bucket' });
      case 'mechanism':
      case 'title':
      case 'severity':
      case 'followup':
        return setPrompt({ kind: command });
      case 'notYetNamed':
        return setPrompt({ kind: 'missing' });
      case 'fix':
        return setPrompt({ kind: 'lever' });
    }
  };

  useInput(
    (input, key) => {
      const command = ledgerCommandFor(input, key, pane);
      if (command) perform(command);
    },
    { isActive: prompt === undefined },
  );

  const close = () => setPrompt(undefined);
  const submitText = (p: Prompt, text: string) => {
    close();
    switch (p.kind) {
      case 'reason':
        return verdict({ verdict: p.verdict, primary: p.primary }, text);
      case 'hypothesis': {
        const result = workbench.addHypothesis({ bucket: p.bucket, class: p.class, text });
        if (report(result, 'hypothesis added')) setHypothesis(hypotheses.length);
        return;
      }
      case 'mechanism':
        return report(workbench.setMechanism({ text }), 'mechanism named');
      case 'missing':
        return report(workbench.setMechanism({ missing: text }), 'mechanism: not yet named, with what is missing');
      case 'lever':
        return setPrompt({ kind: 'owner', lever: text });
      case 'owner':
        return report(workbench.setFix(p.lever, text), 'fix shape and owner set');
      case 'title':
        return report(workbench.setTitle(text), 'title set');
      case 'followup':
        return report(workbench.addFollowup(text), 'follow-up added');
    }
  };

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <LedgerSummary state={state} width={width} />
      {prompt && isSelect(prompt) ? (
        <Box height={lists} flexDirection="column" overflow="hidden">
          <PromptSelect
            prompt={prompt}
            rows={lists}
            onCancel={close}
            onBucket={(bucket) => setPrompt({ kind: 'class', bucket })}
            onClass={(bucket, c) => setPrompt({ kind: 'hypothesis', bucket, class: c })}
            onSeverity={(level) => {
              close();
              report(workbench.setSeverity(level), `severity ${level}: ${SEVERITY_TARGETS[level].response}`);
            }}
          />
        </Box>
      ) : (
        <>
          <HypothesisList hypotheses={hypotheses} selected={hypothesis} focused={pane === 'hypotheses'} width={width} height={hypothesesHeight} />
          <EvidenceList candidates={candidates} cited={cited} selected={line} focused={pane === 'evidence'} width={width} height={lists - hypothesesHeight} />
        </>
      )}
      <Box height={MESSAGE_ROWS} overflow="hidden">
        {prompt && !isSelect(prompt) ? (
          <TextPrompt key={prompt.kind} label={textLabel(prompt, cited.size)} onSubmit={(text) => submitText(prompt, text)} onCancel={close} />
        ) : (
          <Text wrap="wrap" color={TONE_COLOR[message?.tone ?? 'info']}>
            {message?.text ?? ' '}
          </Text>
        )}
      </Box>
    </Box>
  );
}
