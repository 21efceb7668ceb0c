import { flagChoice, flagString } from '../args';
import type { Command } from '../command';
import { openSession } from '../investigation';
import { headlessOutput, runHeadless } from '../headless';

export const command: Command = {
  name: 'run',
  usage: 'triage run [--format md|json|ndjson] [--out FILE]',
  flags: [
    { name: 'format', type: 'string', choices: ['md', 'json', 'ndjson'], description: 'the note (md), one JSON document, or events as they happen' },
    { name: 'out', type: 'string', value: 'FILE', complete: 'files', description: 'write there instead of stdout' },
  ],
  help: 'Runs every step of the plan headless (CI), records the investigation and writes .triage/notes/<id>.md.',
  async run(args, io) {
    const format = flagChoice(args, 'format', ['md', 'json', 'ndjson'] as const, 'md');
    // Before the session opens: a path that cannot be written fails before the walk.
    const out = headlessOutput(io, flagString(args, 'out'));
    const session = openSession(args, io, { mode: args.flags.bundle ? 'bundle' : 'live', headless: true });
    return runHeadless(session, io, format, out);
  },
};
