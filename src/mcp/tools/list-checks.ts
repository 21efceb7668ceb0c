import { z } from 'zod';
import { STEP_IDS } from '../../model';
import { defineTool } from '../tool';
import { stepsView } from '../steps-view';

export const tool = defineTool({
  name: 'list_checks',
  title: 'List steps and checks',
  description:
    "The seven triage steps with their status and verdicts, and every check (planned or run) with its result: status, summary, replay command and numbered evidence lines (pin_evidence takes a check id and a line number). With `step`, that step's checks with all their evidence.",
  input: { step: z.enum(STEP_IDS).optional().describe('one step id; all steps when omitted') },
  async run({ session }, { step }) {
    const snapshot = session.getSnapshot();
    const steps = stepsView(snapshot, step);
    const checks = steps.flatMap((s) => s.checks);
    const ran = checks.filter((c) => c.status !== 'pending' && c.status !== 'running').length;
    return {
      result: { investigation: snapshot.state.id, title: snapshot.state.title, steps },
      summary: `read ${step ?? 'every step'}: ${ran} of ${checks.length} checks have results`,
    };
  },
});
