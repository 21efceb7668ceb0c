import { afterEach, beforeEach, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { TRIAGE, TmuxServer, describeInTmux } from './terminal';
import { rowOf, showsAllSteps } from './screen';

// A person's workbench in a real terminal and an agent on `triage mcp` in the same folder:
// what the agent runs, pins and proposes shows on the person's screen within a second.

let cwd: string;
let tmux: TmuxServer;
let client: Client | undefined;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'triage-e2e-mcp-'));
  tmux = new TmuxServer();
});

afterEach(async () => {
  await client?.close();
  client = undefined;
  tmux.kill();
  rmSync(cwd, { recursive: true, force: true });
});

async function onlyInvestigation(): Promise<string> {
  const dir = join(cwd, '.triage', 'investigations');
  for (let i = 0; i < 200; i++) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ndjson')) : [];
    if (files.length === 1) return files[0]!.replace(/\.ndjson$/, '');
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no single investigation under ${dir}`);
}

async function call(name: string, args: Record<string, unknown>): Promise<any> {
  const result = (await client!.callTool({ name, arguments: args })) as { content: { text: string }[]; isError?: boolean };
  if (result.isError) throw new Error(`${name}: ${result.content[0]?.text}`);
  return JSON.parse(result.content[0]!.text);
}

describeInTmux('an agent pairing through triage mcp', () => {
  it("shows the agent's run, pin and proposal on the person's workbench within a second", async () => {
    const pane = tmux.open('person', ['node', TRIAGE, 'demo'], { cwd, env: { USER: 'alice' } });
    await pane.waitFor(showsAllSteps, 'the first frame');
    const id = await onlyInvestigation();

    client = new Client({ name: 'e2e-agent', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [TRIAGE, 'mcp'], cwd, stderr: 'pipe' }));

    const step = await call('run_step', { step: 'environment' });
    expect(step.status).toBe('fail');
    await pane.waitFor((s) => rowOf(s, 'Environment')?.status === 'fail', "the agent's run of Environment", 10_000);

    const pods = step.checks.find((c: { id: string }) => c.id === 'environment/pods');
    const line = pods.evidence.find((e: { text: string }) => /OOMKilled/.test(e.text));
    const pinned = await call('pin_evidence', { check: 'environment/pods', line: line.line });
    expect(pinned.label).toBe('E1');
    const pinScreen = await pane.waitFor(/agent:e2e-agent · pinned E1: /, "the agent's pin", 10_000);
    expect(pinScreen).toContain(line.text.slice(0, 30));

    const { mechanisms } = await call('list_mechanisms', {});
    const proposed = await call('propose_hypothesis', { mechanism: mechanisms[0].id });
    expect(proposed.label).toBe('H1');
    await pane.waitFor(/agent:e2e-agent · proposed H1: payments-worker OOM-killed/, "the agent's proposal", 10_000);

    // The ledger the person opens holds the agent's proposal, adopted and open.
    pane.keys('h');
    await pane.waitFor(/H1 OPEN\s+(?:\d+ )?resource-pressure/, 'H1 in the ledger', 5000);

    pane.keys('Escape');
    await pane.waitFor((s) => !/H1 OPEN/.test(s), 'the ledger closed', 10_000);
    pane.keys('q');
    await pane.waitForExit();
    expect(id).toMatch(/^\d{8}-/);
  }, 90_000);
});
