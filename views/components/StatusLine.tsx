import { Text } from 'ink';

export type Tone = 'info' | 'notice' | 'error';

const TONE_COLOR: Record<Tone, string> = { info: 'green', notice: 'yellow', error: 'red' };

/** The latest thing the person should know: a written note's path, a torn journal line, a failure. */
export function StatusLine({ text, tone }: { text?: string; tone: Tone }) {
  return (
    // Cut in the middle: a path's file name and a reason's end are what a person needs.
    <Text wrap="truncate-middle" color={TONE_COLOR[tone]}>
      {text ?? ' '}
    </Text>
  );
}
