import pkg from '../../../package.json' with { type: 'json' };
import { flagList, flagString, type ParsedArgs } from '../args';
import { EXIT, type Command, type Io } from '../command';
import { investigationHead, mostRecentOpen, openSession } from '../investigation';
import { onTerminate } from '../terminate';
import { RedactingWriter } from '../output';
import { Journal, investigationsDir } from '../../investigation/journal';
import type { Session } from '../../workbench/session';
import type { Library } from '../../signatures/scan';
import type { OpenedPair } from '../../mcp/server';
import { redactorFor } from '../../redact/redact';

/** The person's investigation (--investigation ID, else the most recent open one), opened as the agent. */
async function openPair(args: ParsedArgs, io: Io, author: string): Promise<OpenedPair> {
  const requested = flagString(args, 'investigation');
  if (requested !== undefined && !/^[A-Za-z0-9._-]+$/.test(requested)) throw new Error(`--investigation: "${requested}" is not a valid investigation id`);
  if (requested !== undefined && !Journal.exists(io.cwd, requested)) throw new Error(`no investigation "${requested}" under ${investigationsDir(io.cwd)}`);
  const head = requested !== undefined ? investigationHead(io.cwd, requested) : mostRecentOpen(io.cwd);
  if (!head) {
    throw new Error(
      `no open investigation under ${investigationsDir(io.cwd)}: the person starts one (\`triage\` or \`triage demo\`) in this folder, or triage mcp is given --investigation ID`,
    );
  }
  const flags: ParsedArgs['flags'] = { ...args.flags, author };
  // A bundle walk reads the bundle it was opened on, unless the command line names one.
  if (head.mode === 'bundle' && head.bundle && flags.bundle === undefined) flags.bundle = head.bundle;
  const agentArgs = { ...args, flags };
  let session: Session;
  let stopDemo = async () => {};
  if (head.mode === 'demo') {
    // The demo's checks need its services: the agent gets its own, as a second terminal does.
    const { startDemoIncident } = await import('../../demo/incident');
    const incident = await startDemoIncident(io.env);
    stopDemo = () => incident.stop();
    try {
      session = openSession(
        agentArgs,
        { ...io, env: incident.env },
        { mode: 'demo', plan: incident.plan, title: incident.title, bundle: incident.bundle, investigation: head.id },
      );
    } catch (error) {
      await incident.stop();
      throw error;
    }
  } else {
    session = openSession(agentArgs, io, { mode: head.mode, investigation: head.id });
  }
  session.watch();
  let library: Library | undefined;
  const { openLibrary } = await import('../../signatures/library');
  return {
    context: {
      session,
      cwd: io.cwd,
      library: () => (library ??= openLibrary(io.cwd, flagList(args, 'signatures'), io.env).library),
    },
    async close() {
      await session.quit();
      await stopDemo();
    },
  };
}

export const command: Command = {
  name: 'mcp',
  usage: 'triage mcp [--investigation ID]',
  flags: [],
  help: `Speaks the Model Context Protocol on stdin/stdout, so a coding agent pairs on the same
investigation as the person: --investigation ID, else the most recent open one in this
folder (opened on the agent's first call). Every call is an event in the shared journal
under the author agent:<client name>, so the person's workbench shows the agent's steps,
pins and proposals as they happen. Tools: run_step, run_walk, list_checks, scan,
follow_trace, list_mechanisms, pin_evidence, propose_hypothesis, propose_verdict,
render_note. Everything is read-only against the system under investigation; the ledger's
rules apply to the agent as to a person; nothing reaches a tracker (export is a person's
act); every result is redacted. Ends when stdin closes.

An MCP client's configuration:
  {"mcpServers": {"triage": {"command": "triage", "args": ["mcp"], "cwd": "/path/where/you/run/triage"}}}`,
  async run(args, io) {
    const { serveMcp } = await import('../../mcp/server');
    // The protocol's lines are redacted string by string (serveMcp); the line writer would hold them.
    const stdout = io.stdout instanceof RedactingWriter ? io.stdout.target : io.stdout;
    const redactText = io.redaction?.redact ?? redactorFor();
    let opened: Promise<OpenedPair> | undefined;
    const release = onTerminate(async () => (await opened?.catch(() => undefined))?.close());
    try {
      await serveMcp({
        stdin: io.stdin,
        stdout,
        version: pkg.version,
        redactText,
        open: (author) => (opened = openPair(args, io, author)),
      });
    } finally {
      release();
    }
    return EXIT.ok;
  },
};
