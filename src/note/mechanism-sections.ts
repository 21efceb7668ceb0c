// The note's sections about the mechanism (DESIGN section 7): the one named or proposed, the
// evidence pinned for it, and what tells it from the others ranked (Discrimination).
import { STEPS } from '../plan/steps';
import type { InvestigationState } from '../investigation/fold';
import { primaryHypothesis, type Hypothesis, type PinnedEvidence } from '../investigation/ledger-state';
import type { Evidence } from '../model';
import type { Mechanism, Ranking } from '../mechanisms/rank';
import { code, inline } from './markdown';

function evidenceLine(e: Pick<Evidence, 'text' | 'source' | 'time'>, label?: string): string {
  return `- ${label ? `**${label}** ` : ''}${e.time ? `${code(e.time)} ` : ''}${code(e.source)} ${code(e.text)}`;
}

function byTime<T extends { time?: string }>(a: T, b: T): number {
  const t = (x: T) => (x.time ? Date.parse(x.time) : Number.POSITIVE_INFINITY);
  return t(a) - t(b);
}

function points(m: Mechanism): string[] {
  return m.points.map((p) => `  - ${p.delta > 0 ? '+' : '−'}${Math.abs(p.delta)} ${inline(p.reason)}`);
}

function proposed(m: Mechanism, ranking: Ranking): string[] {
  const ties = m.tiesWith?.length ? ` It ties with ${m.tiesWith.map(code).join(', ')}: the evidence does not tell them apart yet.` : '';
  return [
    `**Proposed (not confirmed):** ${inline(m.title)}`,
    '',
    `${code(m.bucket)} · ${m.class} · score ${m.score}${ranking.onset ? ` · onset ${ranking.onset.time} (${ranking.onset.from})` : ''}.${ties}`,
    '',
    ...points(m),
    '',
    `Check: ${inline(m.hypothesis)}. Next: ${inline(m.next)}.`,
    '',
    "Ranked from the walk's findings; nobody has confirmed it. Pin it (or another) in the ledger (`h`) with its evidence to name the mechanism.",
    '',
  ];
}

export function mechanism(state: InvestigationState, ranking: Ranking): string[] {
  const out = ['## Mechanism', ''];
  const m = state.ledger.mechanism;
  const primary = primaryHypothesis(state.ledger);
  const top = ranking.mechanisms[0];
  if (m?.status === 'named') out.push(inline(m.text), '');
  else if (m?.status === 'not-yet-named') out.push(`**Not yet named.** Missing: ${inline(m.missing)}`, '');
  else if (primary) out.push(`**Not yet written down;** the pinned primary hypothesis ${primary.label} says: ${inline(primary.text)}`, '');
  else if (top) return [...out, ...proposed(top, ranking)];
  else out.push('**Not yet named.** Missing: a hypothesis pinned as primary, with its evidence, and the mechanism in words.', '');
  if (primary) {
    const last = primary.history.at(-1)!;
    out.push(`Pinned as primary: **${primary.label}** (${code(primary.bucket)}, ${primary.class}) — ${inline(last.reason)}`, '');
  }
  // A person's word wins; the ranking still says what the walk found first.
  if (top && (m?.status === 'named' || primary))
    out.push(`Named by a person; the walk's top-ranked mechanism was: ${inline(top.title)} (score ${top.score}).`, '');
  return out;
}

/** The lines behind the ranked mechanisms, the top one's first: the kill, the first error, the stop. */
function mechanismLines(ranking: Ranking): Evidence[] {
  const out: Evidence[] = [];
  for (const m of ranking.mechanisms.slice(0, 3)) {
    for (const p of m.points) if (p.evidence) out.push(p.evidence);
    for (const s of m.facts) out.push(...s.fact.evidence.slice(0, 1));
  }
  return out;
}

export function evidence(state: InvestigationState, ranking: Ranking): string[] {
  const out = ['## Evidence', ''];
  const pinned = [...state.ledger.pinned].sort(byTime);
  if (pinned.length > 0) {
    for (const p of pinned) out.push(evidenceLine(p, p.label));
    return [...out, ''];
  }
  const behind = mechanismLines(ranking);
  if (behind.length > 0) {
    const seen = new Set<string>();
    const unique = behind.filter((e) => !seen.has(`${e.source}\u0000${e.text}`) && seen.add(`${e.source}\u0000${e.text}`));
    out.push('Nothing pinned yet; the lines behind the ranked mechanisms, the most likely first:', '');
    for (const e of unique.slice(0, 12)) out.push(evidenceLine(e));
    return [...out, ''];
  }
  const flagged = STEPS.flatMap((def) => state.steps[def.id].checks.filter((c) => c.result && (c.result.status === 'fail' || c.result.status === 'error')));
  const lines = flagged
    .flatMap((c) => c.result!.evidence)
    .sort(byTime)
    .slice(0, 12);
  if (lines.length === 0) return [...out, 'Nothing pinned yet, and no failing check left evidence.', ''];
  out.push('Nothing pinned yet; the lines of the failing checks:', '');
  for (const e of lines) out.push(evidenceLine(e));
  return [...out, ''];
}

function evidenceLabels(ids: readonly string[], pinned: readonly PinnedEvidence[]): string {
  return ids.map((id) => pinned.find((p) => p.id === id)?.label ?? id).join(', ');
}

/** Why a runner-up ranks below the top: what it lacks, what counts against it. */
function whyLower(m: Mechanism, top: Mechanism): string {
  const reasons: string[] = [];
  const has = (x: Mechanism, word: string) => x.points.some((p) => p.delta > 0 && p.reason.includes(word));
  if (has(top, 'the trace stops on') && !has(m, 'the trace stops on')) reasons.push('the trace does not stop on it');
  if (has(top, 'first error is on') && !has(m, 'first error is on')) reasons.push("the trace's first error is not on it");
  for (const p of m.points) if (p.delta < 0) reasons.push(p.reason);
  if (reasons.length === 0) reasons.push('less evidence behind it');
  return `${top.score - m.score} points below: ${reasons.join('; ')}`;
}

function ranked(ranking: Ranking): string[] {
  const [top, ...rest] = ranking.mechanisms;
  if (!top) return [];
  const out = ['Ranked mechanisms (from the walk, not yet verdicts):', ''];
  out.push(`1. **${inline(top.title)}** — score ${top.score} · ${code(top.bucket)} · ${top.class}`);
  rest.slice(0, 4).forEach((m, i) => {
    out.push(`${i + 2}. ${inline(m.title)} — score ${m.score} · ${code(m.bucket)} · ${m.class}; ${inline(whyLower(m, top))}`);
    out.push(`   - Check: ${inline(m.hypothesis)}`);
  });
  if (rest.length > 4) out.push(`   … ${rest.length - 4} more (\`triage run --format json\` lists them all)`);
  return [...out, ''];
}

export function discrimination(state: InvestigationState, ranking: Ranking): string[] {
  const out = ['## Discrimination', ''];
  const { hypotheses, pinned } = state.ledger;
  out.push(...ranked(ranking));
  if (hypotheses.length === 0) return [...out, ranking.mechanisms.length ? 'No hypothesis has a verdict yet.' : 'No hypotheses recorded yet.', ''];
  const order: Hypothesis['verdict'][] = ['PINNED', 'EXONERATED', 'NOT EVIDENCED', 'OPEN'];
  const sorted = [...hypotheses].sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict));
  for (const h of sorted) {
    const last = h.history.at(-1)!;
    const primary = h.verdict === 'PINNED' ? (last.primary ? ' (primary)' : ' (secondary)') : '';
    out.push(`- **${h.label} — ${h.verdict}${primary}** · ${code(h.bucket)} · ${h.class}: ${inline(h.text)}`);
    if (last.reason) out.push(`  - Reason: ${inline(last.reason)}${last.verdict !== 'OPEN' ? ` (${inline(last.author)}, ${last.at})` : ''}`);
    if (last.evidence.length > 0) out.push(`  - Evidence: ${evidenceLabels(last.evidence, pinned)}`);
    if (h.next) out.push(`  - Next: ${inline(h.next)}`);
    const origin =
      h.from === 'person'
        ? `added by ${inline(h.author)}`
        : h.from.startsWith('mechanism:')
          ? `the walk's ranked mechanism ${code(h.from.slice('mechanism:'.length))}, adopted by ${inline(h.author)}`
          : `signature ${code(h.from)}`;
    out.push(`  - From: ${origin}`);
  }
  return [...out, ''];
}
