import type { StepId } from '../model';
import { STEP_IDS } from '../model';

// The investigation's title until a person gives one: it becomes the tracker issue's title,
// so it reads like an incident title — what is affected and what is wrong — and follows
// the walk: the first failing step (in the triage order) and what its worst check found.

/** What each step failing means, as an incident title says it. */
const FAILING: Record<StepId, string> = {
  contract: 'test contract no longer matches the product',
  environment: 'environment not ready',
  versions: 'not running the expected version',
  'auth-config': 'auth or config not wired',
  rerun: 'a rerun would be blocked',
  'data-path': 'data path did not complete',
  observability: 'the trace cannot be followed end to end',
};

const FINDING_MAX = 90;

export interface TitleStep {
  status: string;
  checks: { result?: { status: string; summary: string } }[];
}

function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** `shop: environment not ready — GET /healthz → 503 …`, or where the walk stands when nothing failed. */
export function derivedTitle(scope: string, steps: Record<StepId, TitleStep>): string {
  const failing = STEP_IDS.find((id) => steps[id].status === 'fail' || steps[id].status === 'error');
  if (failing) {
    const worst = steps[failing].checks.find((c) => c.result?.status === 'fail') ?? steps[failing].checks.find((c) => c.result?.status === 'error');
    const finding = worst?.result ? ` — ${clip(worst.result.summary, FINDING_MAX)}` : '';
    return `${scope}: ${FAILING[failing]}${finding}`;
  }
  const statuses = STEP_IDS.map((id) => steps[id].status);
  if (statuses.every((s) => s === 'pending')) return `${scope}: triage, walk not run yet`;
  if (statuses.some((s) => s === 'pending' || s === 'running')) return `${scope}: triage in progress, nothing failing yet`;
  return `${scope}: every step passes${statuses.includes('warn') ? ' (with warnings)' : ''}`;
}

/** What the investigation is about, for its title: the plan's system, else the namespaces, else the cluster's context. */
export function titleScope(system: string | undefined, namespaces: readonly string[], context: string | undefined): string {
  if (system) return system;
  if (namespaces.length === 1) return `namespace ${namespaces[0]}`;
  if (namespaces.length > 1) return `namespaces ${namespaces.slice(0, 3).join(', ')}${namespaces.length > 3 ? ` and ${namespaces.length - 3} more` : ''}`;
  if (context) return `context ${context}`;
  return 'unnamed system';
}
