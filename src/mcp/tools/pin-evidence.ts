import { z } from 'zod';
import { candidatesOf } from '../../investigation/candidates';
import { defineTool, ledgerAnswer, ToolRefusal } from '../tool';

export const tool = defineTool({
  name: 'pin_evidence',
  title: 'Pin a line as evidence',
  description:
    "Pins a check's result (no `line`) or one of its evidence lines (`line`, numbered from 1 as list_checks shows them) as evidence in the shared ledger, where a verdict can cite it. Only what a check recorded can be pinned. Pinning the same line twice gives the same id.",
  input: {
    check: z.string().min(1).describe('a check id from list_checks'),
    line: z.number().int().min(1).optional().describe('an evidence line number of that check; its result summary when omitted'),
  },
  async run({ session }, { check, line }) {
    const state = session.getState();
    const recorded = Object.values(state.steps)
      .flatMap((s) => s.checks)
      .find((c) => c.id === check);
    if (!recorded) throw new ToolRefusal(`no check "${check}" in this investigation: list_checks names them`);
    if (!recorded.result) throw new ToolRefusal(`check "${check}" has not run yet: run its step first (run_step)`);
    const count = recorded.result.evidence.length;
    if (line !== undefined && line > count) throw new ToolRefusal(`check "${check}" has ${count} evidence line(s); there is no line ${line}`);
    // The same candidates the ledger view offers a person: the same line gets the same id.
    const ref = line === undefined ? check : `${check}#${line - 1}`;
    const candidate = candidatesOf(state).find((c) => c.pin.ref === ref && (line !== undefined ? c.pin.from === 'evidence' : c.pin.from === 'check'))!;
    const id = ledgerAnswer(session.pinEvidence(candidate.pin));
    const pinned = session.getState().ledger.pinned.find((p) => p.id === id)!;
    return {
      result: { id, label: pinned.label, text: pinned.text, source: pinned.source, ...(pinned.time ? { time: pinned.time } : {}) },
      summary: `pinned ${pinned.label}: ${pinned.text}`,
    };
  },
});
