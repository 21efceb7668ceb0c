import { useState } from 'react';
import { Box, Text } from 'ink';
import { useLatestInput } from '../hooks/use-latest-input';
import type { InvestigationState } from '../../src/investigation/fold';
import type { LedgerResult } from '../../src/investigation/ledger';
import { SEVERITY_TARGETS, type HypothesisVerdict } from '../../src/investigation/ledger-state';
import type { Suggestion, Workbench } from '../../src/workbench/session';
import type { Tone } from '../components/StatusLine';
import { TextPrompt } from '../components/TextPrompt';
import { clamp } from '../window';
import { candidatesOf } from './candidates';
import { EvidenceList } from './EvidenceList';
import { HypothesisList } from './HypothesisList';
import { COMPACT_SUMMARY_ROWS, LedgerSummary, SUMMARY_ROWS } from './LedgerSummary';
import { wrapLines } from '../format';
import { ledgerCommandFor, VERDICT_OF, type LedgerCommand, type LedgerPane } from './ledger-keys';
import { isSelect, PromptSelect, textIntent, textLabel, type Prompt } from './LedgerPrompt';
import { SuggestionList } from './SuggestionList';
import { adoptionOf, pinsBehind, suggestionRows } from './suggestions';
import { paneHeights, panesOf } from './pane-heights';

/** Below this many rows the summary folds into two lines: the lists need the rows more. */
const COMPACT_BELOW = 30;
const TONE_COLOR: Record<Tone, string> = { info: 'green', notice: 'yellow', error: 'red' };

interface LedgerScreenProps {
  workbench: Workbench;
  state: InvestigationState;
  width: number;
  height: number;
  onClose: () => void;
  /** Which pane has focus, for the workbench's help bar. */
  onPane?: (pane: LedgerPane) => void;
  /** The signature library's hypotheses, ranked; a pane of their own when there are any. */
  suggestions?: readonly Suggestion[];
  initialPane?: LedgerPane;
}

/** The hypotheses/discrimination view: verdicts with cited evidence, mechanism, fix, title, severity. */
export function LedgerScreen({ workbench, state, width, height, onClose, onPane, suggestions = [], initialPane = 'hypotheses' }: LedgerScreenProps) {
  const [chosenPane, setPane] = useState<LedgerPane>(initialPane);
  const [hypothesis, setHypothesis] = useState(0);
  const [suggestion, setSuggestion] = useState(0);
  const [line, setLine] = useState(0);
  const [cited, setCited] = useState<ReadonlySet<string>>(new Set());
  const [prompt, setPrompt] = useState<Prompt>();
  const [message, setMessage] = useState<{ text: string; tone: Tone }>();

  const hypotheses = state.ledger.hypotheses;
  const candidates = candidatesOf(state);
  const suggested = suggestionRows(suggestions, hypotheses);
  const panes = panesOf(suggested.length > 0);
  const pane = panes.includes(chosenPane) ? chosenPane : 'hypotheses';
  const selectedHypothesis = hypotheses[clamp(hypothesis, 0, hypotheses.length - 1)];
  const compact = height < COMPACT_BELOW;
  // A refusal says what is missing and must be read whole: the status takes two rows when it needs them.
  const messageRows = prompt || (message && wrapLines(message.text, width).length > 1) ? 2 : 1;
  const lists = Math.max(2, height - (compact ? COMPACT_SUMMARY_ROWS : SUMMARY_ROWS) - messageRows);
  const heights = paneHeights(lists, pane, panes);

  const report = (result: LedgerResult, done: string) => {
    setMessage(result.ok ? { text: done, tone: 'info' } : { text: `refused: ${result.refusal}`, tone: 'error' });
    return result.ok;
  };

  const verdict = (verdictOf: { verdict: HypothesisVerdict; primary: boolean }, reason: string) => {
    if (!selectedHypothesis) return;
    const result = workbench.setVerdict({
      hypothesis: selectedHypothesis.id,
      verdict: verdictOf.verdict,
      reason,
      evidence: [...cited],
      primary: verdictOf.primary,
    });
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

  // Adopting pins the lines the signature matched and cites them, so the verdict is one key away.
  const adopt = () => {
    const row = suggested[clamp(suggestion, 0, suggested.length - 1)];
    if (!row) return;
    const toHypotheses = (index: number) => {
      setHypothesis(index);
      setPane('hypotheses');
      onPane?.('hypotheses');
    };
    if (row.adopted) {
      setMessage({ text: `already ${row.adopted.label} (${row.adopted.verdict})`, tone: 'notice' });
      return toHypotheses(hypotheses.indexOf(row.adopted));
    }
    if (!report(workbench.addHypothesis(adoptionOf(row.suggestion)), '')) return;
    const pinned = pinsBehind(row.suggestion, candidates).flatMap((pin) => {
      const r = workbench.pinEvidence(pin);
      return r.ok ? [r.id] : [];
    });
    setCited(new Set(pinned));
    toHypotheses(hypotheses.length);
    setMessage({
      text: `adopted; ${pinned.length} line(s) behind it pinned and cited: P pins it as the primary mechanism, p as secondary, x exonerates, u not evidenced`,
      tone: 'info',
    });
  };

  const perform = (command: LedgerCommand) => {
    const move = (by: number) =>
      pane === 'hypotheses'
        ? setHypothesis((h) => clamp(h + by, 0, Math.max(0, hypotheses.length - 1)))
        : pane === 'suggestions'
          ? setSuggestion((s) => clamp(s + by, 0, Math.max(0, suggested.length - 1)))
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
        const next = panes[(panes.indexOf(pane) + 1) % panes.length]!;
        onPane?.(next);
        return setPane(next);
      }
      case 'choose':
        return choose();
      case 'adopt':
        return adopt();
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

  useLatestInput(
    (input, key) => {
      const command = ledgerCommandFor(input, key, pane);
      if (command) perform(command);
    },
    { isActive: prompt === undefined },
  );

  const close = () => setPrompt(undefined);
  const submitText = (p: Prompt, text: string) => {
    close();
    if (p.kind === 'reason') return verdict({ verdict: p.verdict, primary: p.primary }, text);
    const intent = textIntent(workbench, p, text);
    if (!intent) return;
    if ('next' in intent) return setPrompt(intent.next);
    if (report(intent.result, intent.done) && p.kind === 'hypothesis') setHypothesis(hypotheses.length);
  };

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <LedgerSummary state={state} width={width} compact={compact} />
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
          <HypothesisList hypotheses={hypotheses} selected={hypothesis} focused={pane === 'hypotheses'} width={width} height={heights.hypotheses} />
          <SuggestionList
            rows={suggested}
            selected={clamp(suggestion, 0, suggested.length - 1)}
            focused={pane === 'suggestions'}
            width={width}
            height={heights.suggestions}
          />
          <EvidenceList candidates={candidates} cited={cited} selected={line} focused={pane === 'evidence'} width={width} height={heights.evidence} />
        </>
      )}
      <Box height={messageRows} overflow="hidden">
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
