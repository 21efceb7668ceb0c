import type { CheckResult, StepId, StepStatus } from '../src/model';
import type { WorkbenchSnapshot } from '../src/workbench/session';

/** One line of the checks pane: a planned check, with what the journal says about it. */
export interface CheckRow {
  id: string;
  title: string;
  status: StepStatus;
  running: boolean;
  startedAt?: string;
  /** The last finished result; kept while a rerun is in flight. */
  result?: CheckResult;
}

/**
 * The plan's checks in plan order, then checks the journal knows that this plan does not
 * (another writer's plan, an older walk): nothing recorded is hidden.
 */
export function checkRows(snapshot: WorkbenchSnapshot, step: StepId): CheckRow[] {
  const recorded = snapshot.state.steps[step].checks;
  const byId = new Map(recorded.map((c) => [c.id, c]));
  const planned = snapshot.planned[step];
  const plannedIds = new Set(planned.map((p) => p.id));
  const rows: CheckRow[] = planned.map((p) => {
    const c = byId.get(p.id);
    return row(p.id, c?.title ?? p.title, c?.running ?? false, c?.startedAt, c?.result);
  });
  for (const c of recorded) if (!plannedIds.has(c.id)) rows.push(row(c.id, c.title, c.running, c.startedAt, c.result));
  return rows;
}

function row(id: string, title: string, running: boolean, startedAt?: string, result?: CheckResult): CheckRow {
  const status: StepStatus = running ? 'running' : (result?.status ?? 'pending');
  return { id, title, status, running, startedAt, result };
}
