import { mechanismJson } from '../../mechanisms/json';
import { suggestionId } from '../../investigation/adoption';
import { defineTool } from '../tool';

export const tool = defineTool({
  name: 'list_mechanisms',
  title: 'List mechanisms and hypotheses',
  description:
    "The ranked mechanisms the walk's findings merge into (each with its score and every point behind it; propose_hypothesis adopts one by id), the ledger's hypotheses (H1, H2…) with their verdicts, the pinned evidence (E1, E2…), and the mechanism, if named.",
  input: {},
  async run({ session }) {
    const { ranking, state } = session.getSnapshot();
    const { ledger } = state;
    const adopted = new Map(ledger.hypotheses.map((h) => [h.id, h.label]));
    return {
      result: {
        onset: ranking.onset ? { time: ranking.onset.time, from: ranking.onset.from } : null,
        mechanisms: ranking.mechanisms.map((m) => ({ ...mechanismJson(m), adoptedAs: adopted.get(suggestionId(m)) ?? null })),
        hypotheses: ledger.hypotheses.map((h) => ({
          id: h.id,
          label: h.label,
          bucket: h.bucket,
          class: h.class,
          text: h.text,
          verdict: h.verdict,
          author: h.author,
          history: h.history.map((v) => ({
            verdict: v.verdict,
            reason: v.reason,
            evidence: v.evidence.map((id) => ledger.pinned.find((p) => p.id === id)?.label ?? id),
            primary: v.primary,
            author: v.author,
          })),
        })),
        pinned: ledger.pinned.map((p) => ({
          id: p.id,
          label: p.label,
          from: p.from,
          ref: p.ref,
          text: p.text,
          source: p.source,
          ...(p.time ? { time: p.time } : {}),
          author: p.author,
        })),
        mechanism: ledger.mechanism ?? null,
      },
      summary: `read ${ranking.mechanisms.length} ranked mechanism(s), ${ledger.hypotheses.length} hypothesis(es), ${ledger.pinned.length} pinned line(s)`,
    };
  },
});
