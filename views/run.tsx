import { render } from 'ink';
import type { Workbench } from '../src/investigation/session';
import { WorkbenchScreen } from './Workbench';
import { ResumePrompt, type ResumeCandidate } from './components/ResumePrompt';

// Ink writes its own frames; the engine never prints while the workbench is open.
const INK_OPTIONS = { exitOnCtrlC: true, patchConsole: false } as const;

/** Draw the workbench until the person quits (q or Ctrl-C); the caller then calls `workbench.quit()`. */
export async function runWorkbench(workbench: Workbench, options: { title?: string } = {}): Promise<void> {
  const instance = render(<WorkbenchScreen workbench={workbench} title={options.title} />, INK_OPTIONS);
  await instance.waitUntilExit();
}

/** Ask whether to resume the most recent open investigation; Ctrl-C counts as no. */
export async function askResume(candidate: ResumeCandidate): Promise<boolean> {
  let resume = false;
  const instance = render(<ResumePrompt candidate={candidate} onAnswer={(answer) => (resume = answer)} />, INK_OPTIONS);
  await instance.waitUntilExit();
  return resume;
}
