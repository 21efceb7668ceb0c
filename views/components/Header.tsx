import { Box, Text } from 'ink';
import type { InvestigationState } from '../../src/investigation/fold';

interface HeaderProps {
  title: string;
  state: Pick<InvestigationState, 'id' | 'mode' | 'authors' | 'closed'>;
}

const SHOWN_AUTHORS = 3;

/** What is being investigated, in which mode, by whom. A long title is cut; the id (to resume or pair) never. */
export function Header({ title, state }: HeaderProps) {
  const more = state.authors.length - SHOWN_AUTHORS;
  const authors = state.authors.slice(0, SHOWN_AUTHORS).join(', ') + (more > 0 ? ` +${more}` : '');
  return (
    <Box>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap="truncate-end">
          <Text bold>triage</Text>
          {`  ${title}`}
        </Text>
      </Box>
      <Box flexShrink={0}>
        <Text dimColor>{`  ${state.mode} · ${state.id}${state.closed ? ' · closed' : ''}${authors ? ` · ${authors}` : ''}`}</Text>
      </Box>
    </Box>
  );
}
