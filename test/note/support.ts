import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../src/investigation/journal';
import { Session } from '../../src/workbench/session';
import { jsonLineRedactor, redactorFor } from '../../src/redact/redact';
import { planSchema, type Plan, type PlanInput } from '../../src/plan/schema';
import type { Check } from '../../src/checks/types';
import type { Evidence, StepId } from '../../src/model';

/** A temp directory removed by `cleanup`. */
export function tempRoot(prefix = 'triage-note-'): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A session over a real journal in `root`, redacting as the CLI does (`rawJournal`: a journal written without redaction, as an older build would have). */
export function openTestSession(root: string, id: string, author: string, plan: PlanInput = {}, checks: Check[] = [], rawJournal = false): Session {
  const parsed: Plan = planSchema.parse({ name: 'shop', ...plan });
  const journal = Journal.open(root, id, author, rawJournal ? (line) => line : jsonLineRedactor());
  return new Session({ root, journal, plan: parsed, baseDir: root, checks, env: {}, redact: redactorFor() });
}

/** A check that returns fixed evidence: real-shaped results without a system behind them. */
export function fixedCheck(
  step: StepId,
  name: string,
  status: 'pass' | 'fail' | 'warn' | 'error',
  summary: string,
  evidence: Evidence[],
  replay?: string,
): Check {
  return {
    id: `${step}/${name}`,
    step,
    title: name,
    run: async () => ({ status, summary, evidence, replay }),
  };
}
