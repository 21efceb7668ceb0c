import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Journal } from '../../src/investigation/journal';
import { foldAll } from '../../src/investigation/fold';
import { STEP_IDS } from '../../src/model';
import { TRIAGE } from '../e2e/terminal';

// `triage mcp` driven by the SDK's own client over stdio, against the demo: the built
// binary, a real journal, the demo's real services and captured cluster.

const AGENT = 'agent:test-agent';
// Shaped like a GitHub token: the built-in rules know it.
const SECRET = 'ghp_Zq8mN3vR7tY2wK5pL9xC4bH6jD1fG0sA8eUq';

interface Text {
  text: string;
  isError: boolean;
}

let cwd: string;
let id: string;
let client: Client;
let transport: StdioClientTransport;

function connect(dir: string, ...args: string[]): { client: Client; transport: StdioClientTransport } {
  const t = new StdioClientTransport({
    command: process.execPath,
    args: [TRIAGE, 'mcp', ...args],
    cwd: dir,
    env: { ...process.env, USER: 'alice' } as Record<string, string>,
    stderr: 'pipe',
  });
  return { client: new Client({ name: 'test-agent', version: '1.0.0' }), transport: t };
}

async function call(name: string, args: Record<string, unknown> = {}): Promise<Text> {
  const result = (await client.callTool({ name, arguments: args })) as { content: { type: string; text: string }[]; isError?: boolean };
  return { text: result.content.map((c) => c.text).join('\n'), isError: result.isError === true };
}

async function json<T = any>(name: string, args: Record<string, unknown> = {}): Promise<T> {
  const { text, isError } = await call(name, args);
  if (isError) throw new Error(`${name} failed: ${text}`);
  return JSON.parse(text) as T;
}

function journal() {
  const j = Journal.open(cwd, id, 'reader');
  try {
    const { events } = j.readNew();
    return { events, state: foldAll(id, events), raw: readFileSync(j.path, 'utf8') };
  } finally {
    j.close();
  }
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'triage-mcp-'));
  // The person's demo investigation, as `triage demo` opens it: its first journal line.
  id = 'demo-pairing';
  const person = Journal.open(cwd, id, 'alice');
  person.append({ type: 'investigation.opened', title: 'demo: staging E2E red', system: 'demo', mode: 'demo' });
  person.close();
  ({ client, transport } = connect(cwd));
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe('triage mcp', () => {
  it('offers the pairing tools and no way to a tracker', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'run_step',
        'run_walk',
        'list_checks',
        'scan',
        'follow_trace',
        'list_mechanisms',
        'pin_evidence',
        'propose_hypothesis',
        'propose_verdict',
        'render_note',
      ]),
    );
    expect(names.filter((n) => /export|tracker|issue/.test(n))).toEqual([]);
  });

  it("walks the demo into the person's journal as the agent", async () => {
    const walk = await json<{ steps: { step: string; status: string }[] }>('run_walk');
    expect(walk.steps.map((s) => s.step)).toEqual([...STEP_IDS]);
    expect(walk.steps.find((s) => s.step === 'environment')?.status).toBe('fail');
    const { events, state } = journal();
    const finished = events.filter((e) => e.type === 'check.finished');
    expect(finished.length).toBeGreaterThan(10);
    expect(new Set(finished.map((e) => e.author))).toEqual(new Set([AGENT]));
    expect(state.authors).toEqual(['alice', AGENT]);
    expect(events.at(-1)).toMatchObject({ type: 'agent.called', tool: 'run_walk', outcome: 'ok', author: AGENT });
  }, 90_000);

  it('lists the checks of a step with their results and numbered evidence', async () => {
    const [environment] = (await json<{ steps: any[] }>('list_checks', { step: 'environment' })).steps;
    const pods = environment.checks.find((c: any) => c.id === 'environment/pods');
    expect(pods.status).toBe('fail');
    expect(pods.evidence[0].line).toBe(1);
    expect(pods.evidence.some((e: any) => /OOMKilled/.test(e.text))).toBe(true);
  });

  it('scans pasted text and returns it redacted, without the secret reaching the journal', async () => {
    const { text, isError } = await call('scan', {
      text: `Last State: Terminated\n  Reason: OOMKilled\n  Exit Code: 137\nerror: curl -H "Authorization: token ${SECRET}" failed 401 unauthorized\n`,
    });
    expect(isError).toBe(false);
    expect(text).not.toContain(SECRET);
    // The line itself comes back (an unexplained error), with the token replaced.
    expect(text).toContain('Authorization: token [REDACTED:github-token]');
    expect(text).toContain('resource-pressure');
    expect(journal().raw).not.toContain(SECRET);
  });

  it('pins a line of a check as evidence under the agent', async () => {
    const [environment] = (await json<{ steps: any[] }>('list_checks', { step: 'environment' })).steps;
    const pods = environment.checks.find((c: any) => c.id === 'environment/pods');
    const line = pods.evidence.find((e: any) => /OOMKilled/.test(e.text));
    const pinned = await json('pin_evidence', { check: 'environment/pods', line: line.line });
    expect(pinned).toMatchObject({ label: 'E1', text: line.text });
    const { state } = journal();
    expect(state.ledger.pinned).toEqual([expect.objectContaining({ label: 'E1', text: line.text, author: AGENT, from: 'evidence' })]);
    // A line past the end is said plainly.
    const missing = await call('pin_evidence', { check: 'environment/pods', line: 999 });
    expect(missing).toMatchObject({ isError: true });
    expect(missing.text).toMatch(/^check "environment\/pods" has \d+ evidence line\(s\); there is no line 999$/);
  });

  it('proposes the top ranked mechanism as an open hypothesis', async () => {
    const { mechanisms } = await json<{ mechanisms: { id: string; title: string }[] }>('list_mechanisms');
    expect(mechanisms[0]!.title).toMatch(/payments-worker OOM-killed/);
    const proposed = await json('propose_hypothesis', { mechanism: mechanisms[0]!.id });
    expect(proposed).toMatchObject({ label: 'H1', verdict: 'OPEN' });
    const { state } = journal();
    expect(state.ledger.hypotheses[0]).toMatchObject({ label: 'H1', author: AGENT, verdict: 'OPEN' });
  });

  it('is refused what the ledger refuses a person: a verdict without evidence, "flaky" without a mechanism', async () => {
    const bare = await call('propose_verdict', { hypothesis: 'H1', verdict: 'PINNED', reason: 'the worker ran out of memory', primary: true });
    expect(bare.isError).toBe(true);
    expect(bare.text).toMatch(/^PINNED H1 needs at least one piece of pinned evidence/);
    expect(bare.text).not.toMatch(/\n|    at /);
    const flaky = await call('propose_hypothesis', { text: 'the e2e is just flaky', bucket: 'timing-race', class: 'tooling' });
    expect(flaky.isError).toBe(true);
    expect(flaky.text).toMatch(/calls the failure "flaky", but no mechanism is recorded/);
    const { state, events } = journal();
    expect(state.ledger.hypotheses.map((h) => h.verdict)).toEqual(['OPEN']);
    expect(events.filter((e) => e.type === 'agent.called' && e.outcome === 'refused').map((e) => (e as { tool: string }).tool)).toEqual([
      'pin_evidence',
      'propose_verdict',
      'propose_hypothesis',
    ]);

    const cited = await json('propose_verdict', {
      hypothesis: 'H1',
      verdict: 'PINNED',
      reason: 'the worker was OOM-killed mid-request',
      evidence: ['E1'],
      primary: true,
    });
    expect(cited).toMatchObject({ label: 'H1', verdict: 'PINNED' });
  });

  it('follows the demo trace to where it stops, and says when an id is seen nowhere', async () => {
    const { text, isError } = await call('follow_trace');
    expect(isError).toBe(false);
    expect(text).toMatch(/^trace 4bf92f3577b34da6a3ce929d0e0e4736 · \d+ entries/);
    expect(text).toMatch(/payments-worker/);
    expect(text).toMatch(/\nreplay: triage trace 4bf92f3577b34da6a3ce929d0e0e4736/);
    const unknown = await call('follow_trace', { traceId: 'no-such-trace-anywhere' });
    expect(unknown.text).toMatch(/not seen in any source/);
  }, 60_000);

  it('renders the note with what the agent pinned and proposed', async () => {
    const { text, isError } = await call('render_note');
    expect(isError).toBe(false);
    expect(text).toMatch(/^# /);
    expect(text).toContain('PINNED');
    expect(text).toContain(AGENT);
  });

  it('answers a bad argument with one line naming it', async () => {
    const bad = await call('run_step', { step: 'nowhere' });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/step/);
    expect(bad.text.split('\n')).toHaveLength(1);
    const twice = await call('pin_evidence', { line: 0 });
    expect(twice.isError).toBe(true);
    expect(twice.text).toMatch(/check.*; .*line|line.*; .*check/);
    expect(twice.text.split('\n')).toHaveLength(1);
  });
});

describe('triage mcp without an investigation', () => {
  it('says in one line that there is none to pair on', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'triage-mcp-empty-'));
    const lone = connect(empty);
    try {
      await lone.client.connect(lone.transport);
      const result = (await lone.client.callTool({ name: 'list_checks', arguments: {} })) as { content: { text: string }[]; isError?: boolean };
      expect(result.isError).toBe(true);
      expect(result.content[0]!.text).toMatch(/^no open investigation under \S+: the person starts one/);
      expect(result.content[0]!.text).not.toContain('\n');
    } finally {
      await lone.client.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('ends, with the demo services it started, when stdin closes', async () => {
    const child = spawn(process.execPath, [TRIAGE, 'mcp', '--investigation', id], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const lines: string[] = [];
    child.stdout.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_checks', arguments: { step: 'contract' } } });
    const deadline = Date.now() + 20_000;
    while (!lines.some((l) => l.includes('"id":2')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(lines.some((l) => l.includes('"id":2'))).toBe(true);
    const workspaces = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`triage-demo-${child.pid}-`));
    expect(workspaces()).toHaveLength(1);
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.stdin.end();
    });
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(workspaces()).toEqual([]);
  }, 40_000);
});
