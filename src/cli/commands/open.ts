import { flagString } from '../args';
import { viewsOf } from '../load-views';
import type { Command } from '../command';
import { openSession } from '../investigation';
import { exitCodeOf, runHeadless } from '../headless';
import { onTerminate } from '../terminate';
import { Journal } from '../../investigation/journal';
import { foldAll } from '../../investigation/fold';

/** The most recent investigation not closed, offered for resuming. */
function resumable(root: string): { id: string; title: string; updatedAt?: string } | undefined {
  for (const entry of Journal.list(root).slice(0, 5)) {
    const journal = Journal.open(root, entry.id, 'reader');
    try {
      const state = foldAll(entry.id, journal.readNew().events);
      if (!state.closed) return { id: entry.id, title: state.title, updatedAt: state.updatedAt };
    } finally {
      journal.close();
    }
  }
  return undefined;
}

export const command: Command = {
  name: 'open',
  usage: 'triage [open] [--plan FILE] [--investigation ID] [--bundle DIR]',
  flags: [],
  help: 'Opens the workbench. When stdout is not a terminal, prints the headless result instead.',
  async run(args, io) {
    let investigation = flagString(args, 'investigation');
    if (!io.isTTY) {
      const session = openSession(args, io, { mode: args.flags.bundle ? 'bundle' : 'live', investigation });
      return runHeadless(session, io, 'md');
    }
    const views = await viewsOf(io);
    if (!investigation) {
      const candidate = resumable(io.cwd);
      if (candidate && (await views.askResume(candidate))) investigation = candidate.id;
    }
    const session = openSession(args, io, { mode: args.flags.bundle ? 'bundle' : 'live', investigation });
    session.watch();
    const release = onTerminate(() => session.quit());
    await views.runWorkbench(session);
    release();
    await session.quit();
    return exitCodeOf(session.getState());
  },
};
