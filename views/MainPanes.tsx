import { useEffect, useState } from 'react';
import { Box } from 'ink';
import type { WorkbenchSnapshot } from '../src/workbench/session';
import type { StepDefinition } from '../src/plan/steps';
import type { CheckRow } from './check-rows';
import type { Layout } from './layout';
import type { UiState } from './ui-state';
import { StepList } from './components/StepList';
import { StepInfo } from './components/StepInfo';
import { MostLikely, MostLikelyStrip } from './components/MostLikely';
import { CheckList } from './components/CheckList';
import { CheckDetail } from './components/CheckDetail';

interface MainPanesProps {
  steps: readonly StepDefinition[];
  snapshot: WorkbenchSnapshot;
  ui: UiState;
  step: StepDefinition;
  checks: readonly CheckRow[];
  checkIndex: number;
  layout: Layout;
  now: number;
  /** Draw the steps alone first and the rest on the next tick (useStaged). */
  staged?: boolean;
}

/**
 * Whether to draw everything yet: false for the first frame of a staged screen, true from
 * the next tick on. A cold first render runs much of Ink's and React's code for the first
 * time, interpreted: the steps show first and the panes beside them a moment later.
 */
function useStaged(staged: boolean): boolean {
  const [full, setFull] = useState(!staged);
  useEffect(() => {
    if (full) return undefined;
    const timer = setTimeout(() => setFull(true), 0);
    return () => clearTimeout(timer);
  }, [full]);
  return full;
}

/** The walk: steps, the selected step's verdict and the most likely hypotheses on the left, its checks and the selected check's detail on the right. */
export function MainPanes({ steps, snapshot, ui, step, checks, checkIndex, layout, now, staged = false }: MainPanesProps) {
  const full = useStaged(staged);
  const stepList = (
    <StepList
      steps={steps}
      states={snapshot.state.steps}
      selected={ui.step}
      focused={ui.focus === 'steps'}
      width={layout.leftWidth}
      height={layout.stepsHeight}
      now={now}
    />
  );
  if (!full) {
    return (
      <Box flexDirection="column" width={layout.width} height={layout.main} flexShrink={0}>
        <Box flexDirection="column" width={layout.leftWidth} flexShrink={0}>
          {stepList}
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={layout.width} height={layout.main} flexShrink={0}>
      <Box height={layout.panes} flexShrink={0}>
        <Box flexDirection="column" width={layout.leftWidth} flexShrink={0}>
          {stepList}
          <StepInfo state={snapshot.state.steps[step.id]} width={layout.leftWidth} height={layout.stepInfoHeight} />
          <MostLikely suggestions={snapshot.suggestions} hypotheses={snapshot.state.ledger.hypotheses} width={layout.leftWidth} height={layout.likelyHeight} />
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
            row={checks[checkIndex]}
            evidenceOffset={ui.evidenceOffset}
            width={layout.rightWidth}
            height={layout.detailHeight}
            now={now}
          />
        </Box>
      </Box>
      <MostLikelyStrip suggestions={snapshot.suggestions} hypotheses={snapshot.state.ledger.hypotheses} width={layout.width} rows={layout.likelyStrip} />
    </Box>
  );
}
