import { render } from 'ink';
import type { Workbench } from '../src/workbench/session';
import { WorkbenchScreen } from './Workbench';
import { ResumePrompt, type ResumeCandidate } from './components/ResumePrompt';

/** Where to draw and read keys: the process's terminal unless a caller (a test) gives another. */
export interface TerminalStreams {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Told each frame's drawing time in ms (TRIAGE_LOOP_STATS records it). */
  onFrame?: (ms: number) => void;
}

// Ctrl-C ends the app like q; the engine never prints while the workbench is open.
// Streams not given are left out: Ink's defaults would be overridden by an explicit undefined.
// Ink 6.8's incrementalRendering is not used: with a frame as tall as the terminal it draws one
// row low and leaves rows of the frame before (seen in tmux at 120x40 following a tail).
function inkOptions({ stdin, stdout, onFrame }: TerminalStreams) {
  return {
    exitOnCtrlC: true,
    patchConsole: false,
    ...(stdin && { stdin }),
    ...(stdout && { stdout }),
    ...(onFrame && { onRender: ({ renderTime }: { renderTime: number }) => onFrame(renderTime) }),
  };
}

/**
 * Draw the workbench until the person quits (q or Ctrl-C); the caller then calls `workbench.quit()`.
 * Staged: the steps are the first frame, the panes beside them follow on the next tick (MainPanes).
 */
export async function runWorkbench(workbench: Workbench, options: { title?: string } & TerminalStreams = {}): Promise<void> {
  const instance = render(<WorkbenchScreen workbench={workbench} title={options.title} staged />, inkOptions(options));
  await instance.waitUntilExit();
}

/**
 * Ask whether to resume the most recent open investigation: true or false, or undefined when
 * the person pressed Ctrl-C (they meant to leave, not to start a new investigation).
 */
export async function askResume(candidate: ResumeCandidate, streams: TerminalStreams = {}): Promise<boolean | undefined> {
  let resume: boolean | undefined;
  const instance = render(<ResumePrompt candidate={candidate} onAnswer={(answer) => (resume = answer)} />, inkOptions(streams));
  await instance.waitUntilExit();
  return resume;
}
