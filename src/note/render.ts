import type { Plan } from '../plan/schema';
import { STEPS } from '../plan/steps';
import type { InvestigationState, StepState } from '../investigation/fold';
import type { Evidence, StepStatus } from '../model';
import { formatDuration } from '../plan/duration';

export interface NoteOptions {
  plan?: Plan;
  /** Applied to the whole note before it is returned: nothing secret leaves the terminal. */
  redact?: (text: string) => string;
}

const STATUS_WORD: Record<StepStatus, string> = {
  pending: 'pending',
  running: 'running',
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  skip: 'skip',
  error: 'ERROR',
};

/** Table cells cannot hold pipes or newlines. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim();
}

function fence(lines: string[]): string {
  const body = lines.join('\n');
  const ticks = body.includes('```') ? '````' : '```';
  return `${ticks}text\n${body}\n${ticks}`;
}

/** The finding a step's row shows: the person's verdict reason, else the worst check's summary. */
export function keyFinding(step: StepState): string {
  if (step.verdict) return `${step.verdict.reason} (verdict by ${step.verdict.author})`;
  const order = ['fail', 'error', 'warn', 'pass', 'skip'];
  const worst = [...step.checks]
    .filter((c) => c.result)
    .sort((a, b) => order.indexOf(a.result!.status) - order.indexOf(b.result!.status))[0];
  if (worst?.result) return worst.result.summary;
  return step.findings[0]?.text ?? 'not run';
}

function evidenceLine(e: Evidence): string {
  return `${e.time ? `${e.time} ` : ''}[${e.source}] ${e.text}`;
}

export function overallStatus(state: InvestigationState): 'failing' | 'passing' | 'incomplete' {
  const statuses = STEPS.map((s) => state.steps[s.id].status);
  if (statuses.some((s) => s === 'fail' || s === 'error')) return 'failing';
  if (statuses.some((s) => s === 'pending' || s === 'running')) return 'incomplete';
  return 'passing';
}

/** The incident note, first form: header, the seven steps, evidence and replay of what went wrong, findings. */
export function renderNote(state: InvestigationState, options: NoteOptions = {}): string {
  const out: string[] = [];
  out.push(`# ${state.title}`, '');
  const meta = [
    `**Status:** ${overallStatus(state)}`,
    `**System:** ${state.system || options.plan?.name || 'unknown'}`,
    `**Trace:** ${state.traceId ? `\`${state.traceId}\`` : 'none given'}`,
    `**Started:** ${state.startedAt ?? 'not started'}`,
    `**Updated:** ${state.updatedAt ?? 'never'}`,
    `**Authors:** ${state.authors.join(', ') || 'nobody yet'}`,
    `**Investigation:** \`${state.id}\``,
  ];
  out.push(meta.join(' · '), '');

  out.push('## Triage walk', '', '| # | Step | Status | Key finding |', '|---|---|---|---|');
  for (const def of STEPS) {
    const step = state.steps[def.id];
    const took = step.durationMs !== undefined ? ` (${formatDuration(step.durationMs)})` : '';
    out.push(`| ${def.number} | ${def.title} | ${STATUS_WORD[step.status]}${took} | ${cell(keyFinding(step))} |`);
  }
  out.push('');

  const flagged = STEPS.flatMap((def) =>
    state.steps[def.id].checks
      .filter((c) => c.result && ['fail', 'error', 'warn'].includes(c.result.status))
      .map((c) => ({ def, check: c })),
  );
  out.push('## Evidence', '');
  if (flagged.length === 0) out.push('No check failed or warned.', '');
  for (const { def, check } of flagged) {
    const r = check.result!;
    out.push(`### ${def.number}. ${def.title}: ${check.title} — ${STATUS_WORD[r.status]}`, '', cell(r.summary), '');
    if (r.evidence.length > 0) out.push(fence(r.evidence.map(evidenceLine)), '');
  }

  const replays = flagged.filter(({ check }) => check.result!.replay);
  out.push('## Replay', '');
  if (replays.length === 0) out.push('Nothing to replay.', '');
  for (const { def, check } of replays) out.push(`- ${def.title} / ${check.title}:`, '', '  ```sh', `  ${check.result!.replay}`, '  ```', '');

  const verdicts = STEPS.filter((d) => state.steps[d.id].verdict);
  const findings = STEPS.flatMap((d) => state.steps[d.id].findings.map((f) => ({ def: d, f })));
  out.push('## Findings and verdicts', '');
  if (verdicts.length === 0 && findings.length === 0) out.push('None recorded yet.', '');
  for (const d of verdicts) {
    const v = state.steps[d.id].verdict!;
    out.push(`- **${d.title}** marked ${STATUS_WORD[v.status]} by ${v.author} at ${v.at}: ${cell(v.reason)}`);
  }
  for (const { def, f } of findings) out.push(`- **${def.title}** finding by ${f.author} at ${f.at}: ${cell(f.text)}`);
  out.push('');

  const text = out.join('\n');
  return options.redact ? options.redact(text) : text;
}
