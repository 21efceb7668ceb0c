import type { Plan } from '../plan/schema';
import { STEPS } from '../plan/steps';
import type { InvestigationState, StepState } from '../investigation/fold';
import type { JournalEvent } from '../investigation/events';
import { primaryHypothesis, SEVERITY_TARGETS } from '../investigation/ledger-state';
import { redactDeep, redactorFor } from '../redact/redact';
import type { StepStatus } from '../model';
import { formatDuration } from '../model/duration';
import { code, fence, inline } from './markdown';
import { sequenceDiagram } from './mermaid';
import { followupBatches, renderFollowup } from './followups';
import { metricsAtOnsetOf, shortened, timelineOf, type NoteMetric, type NoteTimeline } from './timeline';
import { mechanismsOf } from '../investigation/mechanisms';
import { duration, type Ranking } from '../mechanisms/rank';
import { discrimination, evidence, mechanism } from './mechanism-sections';

// The incident note in the RCA shape of DESIGN section 7 (modelled on reference 004):
// title; status line; Mechanism; Evidence; Discrimination; Triage walk; Timeline with a
// mermaid sequence diagram; Fix shape; Replay; Refs; then dated follow-ups.

export interface NoteOptions {
  plan?: Plan;
  /** Applied to every value before it is formatted, and to the whole note: nothing secret leaves the terminal. Default: the built-in rules. */
  redact?: (text: string) => string;
  /** The journal's events: dated follow-ups are rendered from them. */
  events?: readonly JournalEvent[];
  /** The trace module's own timeline, when it has one; else the journal's timed observability evidence. */
  timeline?: NoteTimeline;
  /** false leaves the follow-ups out (an export sends them as comments instead). */
  followups?: boolean;
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

/** The finding a step's row shows: the person's verdict reason, else the worst check's summary. */
function keyFinding(step: StepState): string {
  if (step.verdict) return `${step.verdict.reason} (verdict by ${step.verdict.author})`;
  const order = ['fail', 'error', 'warn', 'pass', 'skip'];
  const worst = [...step.checks].filter((c) => c.result).sort((a, b) => order.indexOf(a.result!.status) - order.indexOf(b.result!.status))[0];
  return worst?.result?.summary ?? 'not run';
}

function overallStatus(state: InvestigationState): 'failing' | 'passing' | 'incomplete' {
  const statuses = STEPS.map((s) => state.steps[s.id].status);
  if (statuses.some((s) => s === 'fail' || s === 'error')) return 'failing';
  if (statuses.some((s) => s === 'pending' || s === 'running')) return 'incomplete';
  return 'passing';
}

/** Where the investigation stands: closed, mechanism pinned, or still investigating. */
function incidentStatus(state: InvestigationState): string {
  if (state.closed) return 'closed';
  const primary = primaryHypothesis(state.ledger);
  if (state.ledger.mechanism?.status === 'named' && primary) return `mechanism pinned (${primary.label})`;
  if (state.ledger.mechanism?.status === 'named') return 'mechanism named, no hypothesis pinned';
  return 'investigating';
}

function header(state: InvestigationState): string[] {
  const severity = state.ledger.severity;
  const meta = [
    `**Status:** ${incidentStatus(state)}, walk ${overallStatus(state)}`,
    `**Severity:** ${severity ? `${severity.level} (${SEVERITY_TARGETS[severity.level].response})` : 'not set'}`,
    `**Trace:** ${state.traceId ? code(state.traceId) : 'none given'}`,
    `**Started:** ${state.startedAt ?? 'not started'}`,
    `**Updated:** ${state.updatedAt ?? 'never'}`,
    `**Authors:** ${state.authors.map(inline).join(', ') || 'nobody yet'}`,
  ];
  return [`# ${inline(state.title)}`, '', meta.join(' · '), ''];
}

function walk(state: InvestigationState): string[] {
  const out = ['## Triage walk', ''];
  for (const def of STEPS) {
    const step = state.steps[def.id];
    const took = step.durationMs !== undefined ? ` (${formatDuration(step.durationMs)})` : '';
    out.push(`${def.number}. **${def.title}** — ${STATUS_WORD[step.status]}${took}: ${inline(keyFinding(step))}`);
    for (const f of step.findings) out.push(`   - Finding (${inline(f.author)}, ${f.at}): ${inline(f.text)}`);
  }
  return [...out, ''];
}

/** One list line per metric: what it was before and at onset, and the curl that asks again. */
function metricsSection(metrics: readonly NoteMetric[]): string[] {
  if (metrics.length === 0) return [];
  const onset = metrics.find((m) => m.onset)?.onset;
  const out = [`Metrics at onset${onset ? ` (${code(onset)}, the trace's first error)` : ''}, each against its median over the window before:`, ''];
  for (const m of metrics) out.push(`- ${code(m.name)} (${inline(m.source)}): ${inline(m.summary)}${m.replay ? ` — replay: ${code(m.replay)}` : ''}`);
  return [...out, ''];
}

function timelineSection(timeline: NoteTimeline, metrics: readonly NoteMetric[] = []): string[] {
  const out = ['## Timeline', ''];
  const { entries, firstError, stop } = timeline;
  if (entries.length === 0) return [...out, 'No trace was followed (no timed lines on the observability step, nothing pinned from a timeline).', ''];
  const width = Math.max(...entries.map((e) => e.service.length));
  const rows: string[] = [];
  let previous = -1;
  for (const i of shortened(timeline)) {
    if (i > previous + 1) rows.push(`   … ${i - previous - 1} line(s) omitted …`);
    const e = entries[i]!;
    const marks = [i === firstError ? 'first error' : '', i === stop?.index ? 'trace stops here' : ''].filter(Boolean);
    const mark = marks.length > 0 ? `   ← ${marks.join('; ')}` : '';
    rows.push(`${(e.time ?? '(no time)').padEnd(24)} ${e.service.padEnd(width)}  ${e.text.replace(/\s+/g, ' ')}${mark}`);
    previous = i;
  }
  out.push(fence(rows.join('\n')), '');
  if (stop) {
    const next = stop.expectedNext.length > 0 ? `; expected next and never reached: ${stop.expectedNext.map(code).join(', ')}` : '';
    const at = entries[stop.index]!;
    out.push(`The trace stops at ${code(stop.service)} in ${code(at.source)}${at.time ? ` at ${at.time}` : ''}${next}.`, '');
  }
  out.push(...metricsSection(metrics));
  const diagram = sequenceDiagram(timeline);
  if (diagram) out.push(fence(diagram, 'mermaid'), '');
  return out;
}

/** Changes before onset: rollouts, config updates, rescales, node changes, commits. */
function changesSection(ranking: Ranking): string[] {
  if (ranking.changes.length === 0) return [];
  const out = ['## What changed before onset', ''];
  const onset = ranking.onset;
  for (const c of ranking.changes.slice(0, 15)) {
    const t = c.fact.time ? Date.parse(c.fact.time) : Number.NaN;
    const rel = onset && Number.isFinite(t) ? (t <= onset.ms ? `${duration(onset.ms - t)} before onset` : `${duration(t - onset.ms)} after onset`) : '';
    out.push(`- ${c.fact.time ? `${code(c.fact.time)} ` : ''}${rel ? `(${rel}) ` : ''}${code(c.fact.subject)}: ${inline(c.fact.phrase)}`);
  }
  if (ranking.changes.length > 15) out.push(`- … ${ranking.changes.length - 15} more`);
  return [...out, ''];
}

function fix(state: InvestigationState): string[] {
  const f = state.ledger.fix;
  if (!f) return ['## Fix shape', '', '**Not yet set.** Missing: the lever that changes the outcome, and its owner.', ''];
  return ['## Fix shape', '', `**Lever:** ${inline(f.lever)}`, '', `**Owner:** ${inline(f.owner)}`, ''];
}

/** Where the note's kubectl commands find the bundle's replay: under the folder the walk ran in, written by the start line. */
export const REPLAY_KUBECONFIG = '.triage/replay.kubeconfig';

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * A command as a person can run it after the walk: a bundle's kubectl commands reach the
 * replay the start line serves (the walk's own one is gone with its process), never the
 * person's current context.
 */
export function runnable(state: InvestigationState, command: string): string {
  if (!state.bundle) return command;
  const moved = command.replace(/--kubeconfig \S*triage-replay-[^\s/]+\/kubeconfig/g, `--kubeconfig ${REPLAY_KUBECONFIG}`);
  return moved.replace(/(^|[|;&(]\s*|&&\s*)kubectl(?! --kubeconfig)(?=\s)/g, `$1kubectl --kubeconfig ${REPLAY_KUBECONFIG}`);
}

function replay(state: InvestigationState): string[] {
  const out = ['## Replay', ''];
  const commands: { what: string; command: string }[] = [];
  for (const def of STEPS) {
    for (const c of state.steps[def.id].checks) {
      if (c.result?.replay && (c.result.status === 'fail' || c.result.status === 'error')) {
        commands.push({ what: `${def.title} / ${c.title} (${c.result.status.toUpperCase()})`, command: runnable(state, c.result.replay) });
      }
    }
  }
  for (const h of state.ledger.hypotheses) {
    if (h.verdict === 'PINNED' && h.replay) commands.push({ what: `${h.label}, signature ${h.from}`, command: runnable(state, h.replay) });
  }
  const unique = commands.filter((c, i) => commands.findIndex((d) => d.command === c.command) === i);
  if (unique.length === 0) return [...out, 'Nothing to replay: no failing check or pinned signature has a command.', ''];
  out.push(
    ...bundleReplayStart(
      state,
      unique.map((c) => c.command),
    ),
  );
  if (state.serve && unique.some((c) => /\bhttps?:\/\/(?:127\.0\.0\.1|localhost)[:/]/.test(c.command))) {
    out.push(
      'The curl commands reach the local endpoints the walk started, gone when it quit: serve them again first, in another terminal (until Ctrl-C):',
      '',
      fence(state.serve, 'sh'),
      '',
    );
  }
  for (const c of unique) {
    const missing = [...new Set([...c.command.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
    const fill = missing.length
      ? ` fill in ${missing.map((m) => code(`{${m}}`)).join(', ')} first (the evidence does not name ${missing.length > 1 ? 'them' : 'it'})`
      : '';
    out.push(`- ${inline(c.what)}:${fill}`, '', fence(c.command, 'sh').replace(/^/gm, '  '), '');
  }
  return out;
}

/** The walk read a bundle through a replay server that is gone now: how to start one where the commands look. */
function bundleReplayStart(state: InvestigationState, commands: readonly string[]): string[] {
  if (!state.bundle || !commands.some((c) => c.includes(`--kubeconfig ${REPLAY_KUBECONFIG}`))) return [];
  const start = `triage replay ${state.bundle} --write-kubeconfig ${REPLAY_KUBECONFIG} --force`;
  return [
    `The kubectl commands read the captured bundle through a replay server: start it first, from the folder the walk ran in, in another terminal (it serves until Ctrl-C; \`--force\` replaces the kubeconfig an earlier start wrote):`,
    '',
    fence(start, 'sh'),
    '',
  ];
}

function refs(state: InvestigationState): string[] {
  const out = [
    '## Refs',
    '',
    `- Investigation ${code(state.id)}: journal ${code(`.triage/investigations/${state.id}.ndjson`)}; render again with ${code(`triage note render --investigation ${state.id}`)}`,
  ];
  for (const link of state.ledger.exports) out.push(`- ${link.tracker} ${link.repo}#${link.issue}: ${link.url}`);
  const signatures = state.ledger.hypotheses.filter((h) => h.from !== 'person' && !h.from.startsWith('mechanism:'));
  if (signatures.length > 0) out.push(`- Signatures: ${signatures.map((h) => code(h.from)).join(', ')}`);
  return [...out, ''];
}

/** The note in the RCA shape; every value is redacted before it is formatted. */
export function renderNote(state: InvestigationState, options: NoteOptions = {}): string {
  const redact = options.redact ?? redactorFor();
  const safe = redactDeep(state, redact);
  const timeline = redactDeep(options.timeline ?? timelineOf(state, options.plan), redact);
  const ranking = redactDeep(mechanismsOf(state), redact);
  const out = [
    ...header(safe),
    ...mechanism(safe, ranking),
    ...evidence(safe, ranking),
    ...discrimination(safe, ranking),
    ...walk(safe),
    ...changesSection(ranking),
    ...timelineSection(timeline, metricsAtOnsetOf(safe)),
    ...fix(safe),
    ...replay(safe),
    ...refs(safe),
  ];
  if (options.events && options.followups !== false) {
    const batches = followupBatches(redactDeep([...options.events], redact));
    if (batches.length > 0) out.push('## Follow-ups', '', ...batches.map(renderFollowup));
  }
  return redact(`${out.join('\n').trimEnd()}\n`);
}
