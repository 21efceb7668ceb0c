import type { CommandEntry } from '../command';
import { trackerLabels } from '../../trackers/registry';

export type { CommandEntry } from '../command';

/** Every command. Adding one: its module under commands/, and one line here. */
export const COMMANDS: CommandEntry[] = [
  { name: 'open', summary: 'open the workbench on the current kube context (the default)', load: async () => (await import('./open')).command },
  { name: 'demo', summary: 'the workbench on the built-in demo incident: no cluster needed', load: async () => (await import('./demo')).command },
  { name: 'run', summary: "headless walk: run every step's checks, write the note", load: async () => (await import('./run')).command },
  { name: 'plan', summary: 'the plan file: print its JSON Schema, validate a plan', load: async () => (await import('./plan')).command },
  { name: 'trace', summary: "one trace's timeline across logs, events and state: where it stops", load: async () => (await import('./trace')).command },
  { name: 'note', summary: `the incident note: render it as markdown, export it to ${trackerLabels()}`, load: async () => (await import('./note')).command },
  { name: 'capture', summary: 'snapshot cluster state and logs into a bundle before anyone reruns', load: async () => (await import('./capture')).command },
  { name: 'replay', summary: 'serve a bundle as a read-only Kubernetes API on loopback (for kubectl)', load: async () => (await import('./replay')).command },
  { name: 'scan', summary: 'match known failure signatures in logs, directories, JUnit XML or - (stdin)', load: async () => (await import('./scan')).command },
  {
    name: 'signatures',
    summary: 'the signature library: list, lint, test, draft a new one from a line',
    load: async () => (await import('./signatures')).command,
  },
  {
    name: 'completion',
    summary: 'a completion script for bash, zsh or fish, from the table --help prints',
    load: async () => (await import('./completion')).completionCommand(COMMANDS),
  },
  {
    name: 'diff',
    summary: 'two test runs (JUnit): new failures, still failing, fixed, flaky; the verdict',
    load: async () => (await import('./diff')).command,
  },
  { name: 'mcp', summary: 'an MCP server on stdio: a coding agent pairs on the same investigation', load: async () => (await import('./mcp')).command },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
