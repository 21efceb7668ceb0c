import { useState } from 'react';
import { Text, useApp } from 'ink';
import { useLatestInput } from '../hooks/use-latest-input';

export interface ResumeCandidate {
  id: string;
  title: string;
  updatedAt?: string;
}

/** "Resume …? [Y/n]": Enter or y resumes, n or Esc starts a new investigation. */
export function ResumePrompt({ candidate, onAnswer }: { candidate: ResumeCandidate; onAnswer: (resume: boolean) => void }) {
  const { exit } = useApp();
  const [answer, setAnswer] = useState<boolean>();
  useLatestInput(
    (input, key) => {
      const yes = key.return || input === 'y' || input === 'Y';
      const no = key.escape || input === 'n' || input === 'N';
      if (!yes && !no) return;
      setAnswer(yes);
      onAnswer(yes);
      exit();
    },
    { isActive: answer === undefined },
  );
  const updated = candidate.updatedAt ? `, updated ${candidate.updatedAt}` : '';
  // Wrapped, not cut: the question and its [Y/n] must stay readable in a narrow terminal.
  return (
    <Text wrap="wrap">
      {`Resume investigation `}
      <Text bold>{candidate.title}</Text>
      <Text dimColor>{` (${candidate.id}${updated})`}</Text>
      {'? [Y/n] '}
      {answer === undefined ? null : answer ? 'y' : 'n'}
    </Text>
  );
}
