import { z } from 'zod';
import { metricLine } from '../../trace/metrics';
import { traceText } from '../../trace/render';
import { defineTool, ToolRefusal } from '../tool';

export const tool = defineTool({
  name: 'follow_trace',
  title: 'Follow a trace end to end',
  description:
    "Follows one trace / job / execution id across the plan's log sources and the cluster's pods and events: the services it crossed, every entry in time order, the first error and where it stops. Without `traceId`, the investigation's own trace.",
  input: { traceId: z.string().min(1).optional().describe("the id to follow; the investigation's trace when omitted") },
  async run({ session }, { traceId }) {
    const outcome = await session.followTrace(traceId);
    if ('skipped' in outcome) throw new ToolRefusal(outcome.skipped);
    const { result } = outcome;
    const stop = result.stopsAt ? ` · stops at ${result.stopsAt.service}` : '';
    const metrics = (outcome.metrics ?? []).map((m) => `- ${metricLine(m)}\n  replay: ${m.replay}\n`).join('');
    return {
      // The timeline as a person reads it: the path, every entry, the first error and the stop.
      result: `${traceText(result, { color: false, width: 60 })}\nreplay: ${outcome.replay}\n${metrics ? `metrics at onset (${outcome.metrics![0]!.onset}):\n${metrics}` : ''}`,
      summary: `followed trace ${result.trace}: ${result.entries.length} entries${stop}`,
    };
  },
});
