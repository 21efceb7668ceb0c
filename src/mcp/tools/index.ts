import type { McpTool } from '../tool';
import { tool as runStep } from './run-step';
import { tool as runWalk } from './run-walk';
import { tool as listChecks } from './list-checks';
import { tool as scan } from './scan';
import { tool as followTrace } from './follow-trace';
import { tool as listMechanisms } from './list-mechanisms';
import { tool as pinEvidence } from './pin-evidence';
import { tool as proposeHypothesis } from './propose-hypothesis';
import { tool as proposeVerdict } from './propose-verdict';
import { tool as renderNote } from './render-note';

/**
 * What an agent may do through `triage mcp`: read and run against the system under
 * investigation, pin and propose in the ledger. No tool writes to a tracker: export stays
 * a person's act. Adding one: its file here, and one line below.
 */
export const TOOLS: readonly McpTool[] = [
  runStep,
  runWalk,
  listChecks,
  scan,
  followTrace,
  listMechanisms,
  pinEvidence,
  proposeHypothesis,
  proposeVerdict,
  renderNote,
];
