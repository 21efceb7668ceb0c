import type { FollowOutcome } from '../../src/trace/follow';
import { TimelineScreen, type TimelineLoad } from '../timeline/TimelineScreen';
import { TIMELINE_BAR } from '../timeline/timeline-keys';
import { defineView } from '../view';

/** What the timeline view draws for the engine's answer. */
function timelineLoadOf(outcome: FollowOutcome): TimelineLoad {
  if ('skipped' in outcome) return { problem: outcome.skipped };
  return outcome.metrics ? { result: outcome.result, metrics: outcome.metrics } : { result: outcome.result };
}

/** Tells a late answer from an earlier opening apart: each opening has its own number. */
let requests = 0;

/** The followed trace: a lane per service, its lines, where it stops. `request` is the opening the `load` answers. */
export const timeline = defineView<{ kind: 'timeline'; request: number; load: TimelineLoad }>()({
  id: 'timeline',
  bindings: [
    {
      keys: ['t'],
      command: 'timeline',
      description: 'the followed trace: a lane per service, the lines, jump to the first error or the stop, pin a line (asks for the id when none is given)',
      hint: 'trace',
    },
    { keys: ['i'], command: 'traceId', description: 'give the trace id to follow (recorded in the investigation), then follow it', hint: 'trace id' },
  ],
  open: (command, { workbench, show, update, askTraceId }) => {
    // Nothing to follow yet: ask for the id instead of a screen that says to quit and give it.
    if (command === 'traceId' || !workbench.traceId()) return askTraceId();
    const request = ++requests;
    const answer = (load: TimelineLoad) => update((s) => (s.request === request ? { ...s, load } : s));
    show({ kind: 'timeline', request, load: {} });
    void workbench.followTrace().then(
      (outcome) => answer(timelineLoadOf(outcome)),
      (error: unknown) => answer({ problem: `following the trace failed: ${(error as Error).message}` }),
    );
  },
  draw: ({ state, workbench, width, height, onClose }) => (
    <TimelineScreen timeline={state.load} width={width} height={height} onPin={workbench.pinEvidence} redact={workbench.redactText} onClose={onClose} />
  ),
  // Keys for lines are no use while the trace is followed or when there is none.
  bar: (state) => (state.load.result ? TIMELINE_BAR : TIMELINE_BAR.slice(0, 1)),
});
