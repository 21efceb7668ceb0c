import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { STEPS } from '../plan/steps';
import type { Session } from '../investigation/session';
import type { InvestigationState } from '../investigation/fold';
import { renderNote } from '../note/render';
import { redactDeep, redactorFor } from '../investigation/redact';
import { mechanismsOf } from '../investigation/mechanisms';
import { mechanismJson } from '../mechanisms/json';
import type { Io } from './command';
import { EXIT } from './command';

export type HeadlessFormat = 'md' | 'json' | 'ndjson';

/** The JSON document of `triage run --format json`. */
export function walkJson(state: InvestigationState) {
  const ranking = mechanismsOf(state);
  return {
    investigation: state.id,
    title: state.title,
    traceId: state.traceId,
    onset: ranking.onset ? { time: ranking.onset.time, from: ranking.onset.from } : null,
    mechanisms: ranking.mechanisms.map(mechanismJson),
    steps: STEPS.map((def) => {
      const step = state.steps[def.id];
      return {
        id: def.id,
        title: def.title,
        status: step.status,
        verdict: step.verdict,
        findings: step.findings.map((f) => ({ text: f.text, author: f.author, at: f.at })),
        checks: step.checks.map((c) => ({
          id: c.id,
          title: c.title,
          status: c.result?.status ?? (c.running ? 'running' : 'pending'),
          summary: c.result?.summary ?? '',
          durationMs: c.result?.durationMs ?? 0,
          evidence: c.result?.evidence ?? [],
          replay: c.result?.replay,
        })),
      };
    }),
  };
}

/** 1 when a step failed or a check errored, 3 when every check errored (nothing reachable), else 0. */
export function exitCodeOf(state: InvestigationState): number {
  const checks = STEPS.flatMap((d) => state.steps[d.id].checks);
  const results = checks.map((c) => c.result?.status).filter((s) => s !== undefined);
  if (results.length > 0 && results.every((s) => s === 'error')) return EXIT.unreachable;
  const statuses = STEPS.map((d) => state.steps[d.id].status);
  return statuses.some((s) => s === 'fail' || s === 'error') ? EXIT.found : EXIT.ok;
}

/** Run every step's checks without drawing; print the note, the JSON or the event stream. */
export async function runHeadless(session: Session, io: Io, format: HeadlessFormat, out?: string): Promise<number> {
  const write = (text: string) => {
    if (out) writeFileSync(resolve(io.cwd, out), text, { flag: 'a' });
    else io.stdout.write(text);
  };
  if (out) writeFileSync(resolve(io.cwd, out), '');
  const redact = session.redact ?? redactorFor();
  let unsubscribe = () => {};
  if (format === 'ndjson') {
    let printed = 0;
    const journalEvents = () => session.eventsSoFar();
    for (const e of journalEvents()) write(`${JSON.stringify(redactDeep(e, redact))}\n`);
    printed = journalEvents().length;
    unsubscribe = session.subscribe(() => {
      const all = journalEvents();
      for (const e of all.slice(printed)) write(`${JSON.stringify(redactDeep(e, redact))}\n`);
      printed = all.length;
    });
  }
  await session.runChecksOf(STEPS.map((s) => s.id));
  const notePath = await session.writeNote();
  unsubscribe();
  const state = session.getState();
  if (format === 'md') write(renderNote(state, session.noteOptions()));
  if (format === 'json') write(`${JSON.stringify(redactDeep({ ...walkJson(state), note: notePath }, redact), null, 2)}\n`);
  await session.quit();
  return exitCodeOf(state);
}
