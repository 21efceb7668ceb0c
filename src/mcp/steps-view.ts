import { STEPS } from '../plan/steps';
import type { InvestigationState } from '../investigation/fold';
import type { WorkbenchSnapshot } from '../workbench/session';
import type { StepId } from '../model';

// The walk as an agent reads it: each step's status and verdict, and each check (planned
// or run) with its result. Evidence lines are numbered from 1: pin_evidence takes them so.

const SHOWN_LINES = 5;

export function stepsView(snapshot: WorkbenchSnapshot, only?: StepId) {
  const state: InvestigationState = snapshot.state;
  return STEPS.filter((def) => !only || def.id === only).map((def) => {
    const step = state.steps[def.id];
    const ran = new Map(step.checks.map((c) => [c.id, c]));
    const ids = [...new Set([...snapshot.planned[def.id].map((p) => p.id), ...step.checks.map((c) => c.id)])];
    return {
      step: def.id,
      number: def.number,
      title: def.title,
      question: def.question,
      status: step.status,
      ...(step.verdict ? { verdict: { status: step.verdict.status, reason: step.verdict.reason, author: step.verdict.author } } : {}),
      findings: step.findings.map((f) => ({ text: f.text, author: f.author })),
      checks: ids.map((id) => {
        const check = ran.get(id);
        const title = check?.title ?? snapshot.planned[def.id].find((p) => p.id === id)?.title ?? id;
        const result = check?.result;
        if (!result) return { id, title, status: check?.running ? 'running' : 'pending' };
        // With every step listed the first lines are enough; one step lists them all.
        const lines = only ? result.evidence : result.evidence.slice(0, SHOWN_LINES);
        return {
          id,
          title,
          status: result.status,
          summary: result.summary,
          durationMs: result.durationMs,
          ...(result.replay ? { replay: result.replay } : {}),
          evidence: lines.map((e, i) => ({ line: i + 1, text: e.text, source: e.source, ...(e.time ? { time: e.time } : {}) })),
          ...(lines.length < result.evidence.length ? { moreEvidence: result.evidence.length - lines.length } : {}),
        };
      }),
    };
  });
}
