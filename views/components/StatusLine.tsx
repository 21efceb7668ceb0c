import { Text } from 'ink';

export type Tone = 'info' | 'notice' | 'error';

const TONE_COLOR: Record<Tone, string> = { info: 'green', notice: 'yellow', error: 'red' };

/** The latest thing the person should know: a written note's path, a torn journal line, a failure. */
export function StatusLine({ text, tone }: { text?: string; tone: Tone }) {
  return (
    <Text wrap="truncate-end" color={TONE_COLOR[tone]}>
      {text ?? ' '}
    </Text>
  );
}
