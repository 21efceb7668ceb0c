import { TailScreen } from '../tail/TailScreen';
import { TAIL_BAR } from '../tail/tail-keys';
import { defineView } from '../view';

/** Log tails: the view owns its picker, its tail and the tail's handle. */
export const tail = defineView<{ kind: 'tail' }>()({
  id: 'tail',
  bindings: [
    {
      keys: ['l'],
      command: 'tail',
      description: "log tails: follow a workload's pods, a label selector or the plan's log files, previous instances on p, pin a line",
      hint: 'logs',
    },
  ],
  open: (_command, { show }) => show({ kind: 'tail' }),
  draw: ({ workbench, width, height, onClose }) => <TailScreen workbench={workbench} width={width} height={height} onClose={onClose} />,
  bar: () => TAIL_BAR,
});
