import { z } from 'zod';
import { STEP_IDS } from '../../model';
import { STEPS } from '../../plan/steps';
import { defineTool } from '../tool';
import { stepsView } from '../steps-view';

export const tool = defineTool({
  name: 'run_step',
  title: 'Run one step',
  description:
    "Runs one triage step's checks against the system under investigation (read-only: nothing is changed there) and records them in the shared journal; answers with the step's checks and results.",
  input: { step: z.enum(STEP_IDS).describe(`the step: ${STEPS.map((s) => `${s.id} (${s.question})`).join('; ')}`) },
  async run({ session }, { step }) {
    await session.runChecksOf([step]);
    const [view] = stepsView(session.getSnapshot(), step);
    return { result: view, summary: `ran ${step}: ${view!.status.toUpperCase()} (${view!.checks.length} checks)` };
  },
});
