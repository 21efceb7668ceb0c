import { HelpScreen, HELP_KEYS } from '../components/HelpScreen';
import { defineView } from '../view';

/** Every key of the walk with what it does, the status legend, and the notices. */
export const help = defineView<{ kind: 'help' }>()({
  id: 'help',
  // Help comes first, before quit: a narrow terminal cuts the bar's end, never these.
  bindings: [{ keys: ['?'], command: 'help', description: 'show all keys and notices', hint: 'help', lead: true }],
  open: (_command, { show }) => show({ kind: 'help' }),
  draw: ({ snapshot, keymap, width, height, onClose }) => (
    <HelpScreen notices={snapshot.notices} keymap={keymap} width={width} height={height} onClose={onClose} />
  ),
  bar: () => HELP_KEYS,
});
