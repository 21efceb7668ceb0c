import { NotePreview, PREVIEW_KEYS } from '../ledger/NotePreview';
import { defineView } from '../view';

/** The note as it would be written now. */
export const preview = defineView<{ kind: 'preview' }>()({
  id: 'preview',
  bindings: [{ keys: ['v'], command: 'preview', description: 'preview the note as it would be written now', hint: 'preview' }],
  open: (_command, { show }) => show({ kind: 'preview' }),
  draw: ({ workbench, width, height, onClose }) => <NotePreview markdown={workbench.previewNote()} width={width} height={height} onClose={onClose} />,
  bar: () => PREVIEW_KEYS,
});
