import type { Io, WorkbenchViews } from './command';

/** The Ink views, loaded only when something draws. */
export async function viewsOf(io: Io): Promise<WorkbenchViews> {
  if (!io.loadViews) throw new Error('this entry cannot draw the workbench (no views were handed in)');
  return io.loadViews();
}
