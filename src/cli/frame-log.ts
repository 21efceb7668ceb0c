import { writePrivateFile } from '../files';
import { stripEscapes } from '../redact/terminal-text';

/**
 * With TRIAGE_FRAME_LOG=FILE, the text of the last frame drawn (escape sequences taken out)
 * is kept in FILE, so an end-to-end test can compare every row the terminal shows with the
 * row the view meant to draw: a row drawn over another differs from both.
 */
export function recordFrames(stdout: NodeJS.WriteStream, file: string): void {
  const write = stdout.write.bind(stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string') {
      // Without the cursor moves, erases, colours and synchronized output Ink writes around a frame.
      const text = stripEscapes(chunk);
      if (text.trim()) writePrivateFile(file, text);
    }
    return write(chunk, ...rest);
  }) as typeof stdout.write;
}
