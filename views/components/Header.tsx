import { Box, Text } from 'ink';
import type { InvestigationState } from '../../src/investigation/fold';

interface HeaderProps {
  title: string;
  state: Pick<InvestigationState, 'id' | 'mode' | 'authors' | 'closed'>;
}

/** What is being investigated, in which mode, by whom. */
export function Header({ title, state }: HeaderProps) {
  return (
    <Box>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap="truncate-end">
          <Text bold>triage</Text>
          {`  ${title}`}
          <Text dimColor>{`  ${state.mode} · ${state.id}${state.closed ? ' · closed' : ''}`}</Text>
        </Text>
      </Box>
      {state.authors.length > 0 ? (
        <Box flexShrink={0}>
          <Text dimColor>{` ${state.authors.join(', ')}`}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
