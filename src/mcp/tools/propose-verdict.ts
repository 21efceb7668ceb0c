import { z } from 'zod';
import { HYPOTHESIS_VERDICTS } from '../../investigation/ledger-state';
import { defineTool, ledgerAnswer } from '../tool';

export const tool = defineTool({
  name: 'propose_verdict',
  title: 'Give a hypothesis a verdict',
  description:
    'Records a verdict on a hypothesis (H1 or its id): PINNED, EXONERATED, NOT EVIDENCED or OPEN, with a one-line reason and the pinned evidence (E1, E2…) it rests on. The ledger decides as it does for a person: PINNED and EXONERATED need pinned evidence, only one hypothesis can be the primary mechanism, and "flaky" is not a reason without a mechanism. A refusal says what is missing.',
  input: {
    hypothesis: z.string().min(1).describe('H1, H2… or a hypothesis id'),
    verdict: z.enum(HYPOTHESIS_VERDICTS),
    reason: z.string().describe('one line: why'),
    evidence: z.array(z.string()).optional().describe('pinned evidence it rests on: E1, E2… or ids'),
    primary: z.boolean().optional().describe('with PINNED: this is the primary mechanism'),
  },
  async run({ session }, args) {
    const id = ledgerAnswer(
      session.setVerdict({
        hypothesis: args.hypothesis,
        verdict: args.verdict,
        reason: args.reason,
        evidence: args.evidence ?? [],
        ...(args.primary !== undefined ? { primary: args.primary } : {}),
      }),
    );
    const hypothesis = session.getState().ledger.hypotheses.find((h) => h.id === id)!;
    return {
      result: { id, label: hypothesis.label, verdict: hypothesis.verdict },
      summary: `marked ${hypothesis.label} ${hypothesis.verdict}: ${args.reason.trim()}`,
    };
  },
});
