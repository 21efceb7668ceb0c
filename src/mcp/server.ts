import { Writable } from 'node:stream';
import { redactDeep } from '../redact/redact';
import { TOOLS } from './tools';
import { ToolRefusal, type McpTool, type PairContext } from './tool';

// `triage mcp`: the Model Context Protocol over stdio. The agent works on the person's
// investigation: every call is one `agent.called` event in the shared journal (plus what
// the call itself recorded), under the author `agent:<client name>`.

/** The investigation opened for the agent, and how to let it go. */
export interface OpenedPair {
  context: PairContext;
  close(): Promise<void>;
}

export interface McpOptions {
  stdin: NodeJS.ReadableStream;
  /** The raw output: JSON-RPC lines, each redacted string by string on the way out. */
  stdout: NodeJS.WritableStream;
  version: string;
  /** Redacts one string of text (the product's rules, the plan's once it is open). */
  redactText(text: string): string;
  /** Opens the investigation once the client's name is known (its first call). */
  open(author: string): Promise<OpenedPair>;
}

/** A client's name as an author: printable, one short word run. */
function agentAuthor(clientName: string | undefined): string {
  const name = (clientName ?? '')
    .replace(/[\p{Cc}\s]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `agent:${name || 'unknown'}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Lines out through the product's redaction, string by string inside the JSON so the line
 * stays valid: a secret cannot leave even in a field no tool thought to redact.
 */
function redactingJsonLines(target: NodeJS.WritableStream, redactText: (text: string) => string): Writable {
  let held = '';
  const pass = (line: string) => {
    let out: string;
    try {
      out = JSON.stringify(redactDeep(JSON.parse(line), redactText));
    } catch {
      out = redactText(line);
    }
    target.write(`${out}\n`);
  };
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      held += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      for (let end = held.indexOf('\n'); end >= 0; end = held.indexOf('\n')) {
        pass(held.slice(0, end));
        held = held.slice(end + 1);
      }
      done();
    },
  });
}

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

const failure = (text: string): ToolResult => ({ content: [{ type: 'text', text: oneLine(text) }], isError: true });

/** Serves until stdin closes, then lets the investigation go. */
export async function serveMcp(options: McpOptions): Promise<void> {
  // The SDK is loaded here, by the one command that speaks MCP: never on the first frame.
  const { McpServer } = await import('@modelcontextprotocol/sdk/server/mcp.js');
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const server = new McpServer(
    { name: 'triage', version: options.version },
    {
      instructions:
        "Pairs on the on-call engineer's open triage investigation: what you run, pin and propose appears on their workbench as you do it. Walk the seven steps (run_walk, run_step), read the results (list_checks), scan text (scan), follow the trace (follow_trace), read the ranked mechanisms (list_mechanisms), pin the lines that prove a mechanism (pin_evidence), propose it (propose_hypothesis) and a verdict (propose_verdict), and read the note (render_note). Everything is read-only against the system under investigation; exporting the note is left to the person.",
    },
  );
  // The SDK words a call whose arguments fail the schema itself, one line per issue: kept
  // to one line, as every other tool error is. (Its error builder is not public API; were
  // it renamed, the SDK's own wording would pass through unchanged.)
  const sdk = server as unknown as { createToolError?: (message: string) => ToolResult };
  if (typeof sdk.createToolError === 'function') sdk.createToolError = (message) => failure(message.replace(/\n/g, '; '));
  let opening: Promise<OpenedPair> | undefined;
  const pair = (): Promise<OpenedPair> => {
    opening ??= options.open(agentAuthor(server.server.getClientVersion()?.name)).catch((error: unknown) => {
      opening = undefined; // the person may open one before the next call
      throw error;
    });
    return opening;
  };

  const call = async (tool: McpTool, args: Record<string, unknown>): Promise<ToolResult> => {
    let opened: OpenedPair;
    try {
      opened = await pair();
    } catch (error) {
      return failure(options.redactText((error as Error).message));
    }
    const { session } = opened.context;
    session.sync();
    const record = (outcome: 'ok' | 'refused' | 'failed', summary: string) =>
      session.record({ type: 'agent.called', tool: tool.name, outcome, summary: oneLine(summary) });
    try {
      const { result, summary } = await tool.run(opened.context, args);
      record('ok', summary);
      const safe = redactDeep(result, session.redactText);
      return { content: [{ type: 'text', text: typeof safe === 'string' ? safe : JSON.stringify(safe, null, 2) }] };
    } catch (error) {
      const message = session.redactText(error instanceof Error ? error.message || error.name : String(error));
      try {
        record(error instanceof ToolRefusal ? 'refused' : 'failed', message);
      } catch {
        // The journal could not take it (a full disk): the agent is still told why its call failed.
      }
      return failure(message);
    }
  };

  for (const tool of TOOLS) {
    const readOnly = /^(list_|render_|scan$|follow_)/.test(tool.name);
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, annotations: { readOnlyHint: readOnly, destructiveHint: false } },
      (args: Record<string, unknown>) => call(tool, args ?? {}),
    );
  }

  const stdinClosed = new Promise<void>((resolve) => {
    options.stdin.once('end', resolve);
    options.stdin.once('close', resolve);
  });
  const transport = new StdioServerTransport(options.stdin as never, redactingJsonLines(options.stdout, options.redactText) as never);
  await server.connect(transport);
  await stdinClosed;
  await server.close().catch(() => undefined);
  const opened = await opening?.catch(() => undefined);
  await opened?.close();
}
