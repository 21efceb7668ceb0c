import type { StepStatus } from '../../src/model';
import { STEPS } from '../../src/plan/steps';
import { SPINNER_FRAMES, STATUS_ICON, VERDICT_MARK } from '../../views/status';

// Reading the workbench's step list off a captured screen.

export interface StepRow {
  number: number;
  title: string;
  status: StepStatus;
  /** The status shown is a person's verdict. */
  verdict: boolean;
}

const ICON_STATUS = new Map<string, StepStatus>([
  ...Object.entries(STATUS_ICON).map(([status, icon]) => [icon, status as StepStatus] as const),
  ...SPINNER_FRAMES.map((frame) => [frame, 'running' as StepStatus] as const),
]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\&]/g, '\\$&');

/** The seven step rows as drawn, in order; a step not on screen is missing from the result. */
export function stepRows(screen: string): StepRow[] {
  const rows: StepRow[] = [];
  for (const step of STEPS) {
    // Other panes name the step too ("2 Environment — Is the..."): the row is the one after a status icon.
    const pattern = new RegExp(`(\\S) ${step.number} ${escape(step.title)}( ${VERDICT_MARK})?`, 'g');
    const match = [...screen.matchAll(pattern)].find((m) => ICON_STATUS.has(m[1]!));
    if (match) rows.push({ number: step.number, title: step.title, status: ICON_STATUS.get(match[1]!)!, verdict: Boolean(match[2]) });
  }
  return rows;
}

/** The first frame is up: every step row is drawn. */
export function showsAllSteps(screen: string): boolean {
  return stepRows(screen).length === STEPS.length;
}

/** Every step shows a result: nothing pending, nothing running. */
export function walkFinished(screen: string): boolean {
  const rows = stepRows(screen);
  return rows.length === STEPS.length && rows.every((r) => r.status !== 'pending' && r.status !== 'running');
}

export function rowOf(screen: string, title: string): StepRow | undefined {
  return stepRows(screen).find((r) => r.title === title);
}
