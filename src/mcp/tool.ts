import type { z } from 'zod';
import type { Session } from '../workbench/session';
import type { Library } from '../signatures/scan';

// One MCP tool: a small file under tools/, one line in tools/index.ts. A tool returns data
// and a one-line summary for the journal; it never writes to the transport itself.

/** What every tool works with: the investigation it pairs on, opened for the agent. */
export interface PairContext {
  session: Session;
  /** Where relative paths (scan) resolve. */
  cwd: string;
  /** The signature library, opened on first use (scan). */
  library(): Library;
}

/** What a call gave: the result the agent reads, and the line the person's workbench shows. */
export interface ToolOutcome {
  result: unknown;
  summary: string;
}

/** The ledger (or the tool) would not do it: a tool error the agent reads, recorded as refused. */
export class ToolRefusal extends Error {}

export interface McpTool {
  name: string;
  title: string;
  description: string;
  /** Arguments as a zod shape; the SDK turns it into the tool's JSON Schema and validates calls. */
  input: z.ZodRawShape;
  run(context: PairContext, args: Record<string, unknown>): Promise<ToolOutcome>;
}

/** A tool whose `run` sees its arguments typed by its own shape. */
export function defineTool<S extends z.ZodRawShape>(tool: {
  name: string;
  title: string;
  description: string;
  input: S;
  run(context: PairContext, args: z.infer<z.ZodObject<S>>): Promise<ToolOutcome>;
}): McpTool {
  return tool as unknown as McpTool;
}

/** A ledger answer as a tool outcome: the id, or the ledger's refusal as the tool's error. */
export function ledgerAnswer(answer: { ok: true; id: string } | { ok: false; refusal: string }): string {
  if (!answer.ok) throw new ToolRefusal(answer.refusal);
  return answer.id;
}
