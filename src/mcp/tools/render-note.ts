import { defineTool } from '../tool';

export const tool = defineTool({
  name: 'render_note',
  title: 'Render the incident note',
  description:
    "The incident note as it stands, in markdown: mechanism, evidence, hypotheses with verdicts, the triage walk, the timeline, fix shape and replay commands. Redacted. It is not written or exported: exporting to a tracker is a person's act.",
  input: {},
  async run({ session }) {
    const markdown = session.previewNote();
    return { result: markdown, summary: `rendered the note (${markdown.split('\n').length} lines)` };
  },
});
