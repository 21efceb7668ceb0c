import { flagString } from '../args';
import { viewsOf } from '../load-views';
import type { Command } from '../command';
import { mostRecentOpen, openSession } from '../investigation';
import { exitCodeOf, runHeadless } from '../headless';
import { onTerminate } from '../terminate';

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
      const candidate = mostRecentOpen(io.cwd);
      const answer = candidate ? await views.askResume(candidate) : false;
      // Ctrl-C at the question leaves: nothing was opened, nothing ran.
      if (answer === undefined) return 0;
      if (answer) investigation = candidate!.id;
    }
    const session = openSession(args, io, { mode: args.flags.bundle ? 'bundle' : 'live', investigation });
    session.watch();
    const release = onTerminate(() => session.quit());
    const onFrame = io.env.TRIAGE_LOOP_STATS ? (await import('../loop-stats')).frameRecorder() : undefined;
    await views.runWorkbench(session, { onFrame });
    release();
    await session.quit();
    return exitCodeOf(session.getState());
  },
};
