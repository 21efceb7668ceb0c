import { z } from 'zod';
import { BUCKETS, CLASSES } from '../../model';
import { adoptionOf } from '../../investigation/adoption';
import type { HypothesisInput } from '../../investigation/ledger';
import { defineTool, ledgerAnswer, ToolRefusal } from '../tool';

export const tool = defineTool({
  name: 'propose_hypothesis',
  title: 'Propose a mechanism',
  description:
    'Adds a hypothesis to the shared ledger, as OPEN: either a ranked mechanism by its id (from list_mechanisms), or one of your own: a mechanism bound to objects and time, phrased "check X because Y", with its bucket and class. The ledger\'s rules apply (calling a failure "flaky" without a mechanism is refused). A person decides the verdict; propose_verdict proposes one.',
  input: {
    mechanism: z.string().min(1).optional().describe('the id of a ranked mechanism from list_mechanisms, to adopt it'),
    text: z.string().optional().describe('your own hypothesis: "check X because Y"'),
    bucket: z.enum(BUCKETS).optional().describe('with text: the problem bucket'),
    class: z.enum(CLASSES).optional().describe('with text: contract, product, environment or tooling'),
    next: z.string().optional().describe('with text: the next place to look'),
  },
  async run({ session }, args) {
    let input: HypothesisInput;
    if (args.mechanism !== undefined) {
      if (args.text !== undefined) throw new ToolRefusal('give either `mechanism` (adopt a ranked one) or `text` with `bucket` and `class`, not both');
      const ranked = session.getSnapshot().ranking.mechanisms.find((m) => m.id === args.mechanism);
      if (!ranked) throw new ToolRefusal(`no ranked mechanism "${args.mechanism}": list_mechanisms names them`);
      input = adoptionOf(ranked);
    } else {
      if (args.text === undefined || !args.bucket || !args.class)
        throw new ToolRefusal('a hypothesis of your own needs `text`, `bucket` and `class` (or give `mechanism` to adopt a ranked one)');
      input = { text: args.text, bucket: args.bucket, class: args.class, ...(args.next ? { next: args.next } : {}) };
    }
    const id = ledgerAnswer(session.addHypothesis(input));
    const hypothesis = session.getState().ledger.hypotheses.find((h) => h.id === id)!;
    return {
      result: { id, label: hypothesis.label, verdict: hypothesis.verdict, text: hypothesis.text },
      summary: `proposed ${hypothesis.label}: ${hypothesis.text}`,
    };
  },
});
