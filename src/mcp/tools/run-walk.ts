import { STEP_IDS } from '../../model';
import { defineTool } from '../tool';
import { stepsView } from '../steps-view';

export const tool = defineTool({
  name: 'run_walk',
  title: 'Walk every step',
  description:
    "Runs every step's checks in the triage order (read-only against the system under investigation) and records them in the shared journal; answers with each step's status and its checks' results.",
  input: {},
  async run({ session }) {
    await session.runChecksOf(STEP_IDS);
    const steps = stepsView(session.getSnapshot());
    const failing = steps.filter((s) => s.status === 'fail' || s.status === 'error').map((s) => s.step);
    return {
      result: { steps },
      summary: `walked every step: ${failing.length ? `${failing.join(', ')} failing` : 'nothing failing'}`,
    };
  },
});
