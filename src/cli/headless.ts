import { dirname, resolve } from 'node:path';
import { STEPS } from '../plan/steps';
import type { Session } from '../workbench/session';
import type { InvestigationState } from '../investigation/fold';
import { renderNote } from '../note/render';
import { redactDeep, redactorFor } from '../redact/redact';
import { mechanismsOf } from '../investigation/mechanisms';
import { mechanismJson } from '../mechanisms/json';
import type { Io } from './command';
import { EXIT } from './command';
import { appendPrivateFile, makePrivateDir, writePrivateFile } from '../files';
import { InputError } from '../errors';
import { probeCluster } from '../model/cluster';

export type HeadlessFormat = 'md' | 'json' | 'ndjson';

/** The JSON document of `triage run --format json`. */
function walkJson(state: InvestigationState) {
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

/**
 * 1 when a step failed or a check errored; 3 when every check errored and the cluster, if
 * there is one, never answered (an API that answers, even 503, is not unreachable); else 0.
 */
export function exitCodeOf(state: InvestigationState, clusterAnswered?: boolean): number {
  const checks = STEPS.flatMap((d) => state.steps[d.id].checks);
  const results = checks.map((c) => c.result?.status).filter((s) => s !== undefined);
  if (results.length > 0 && results.every((s) => s === 'error') && clusterAnswered !== true) return EXIT.unreachable;
  const statuses = STEPS.map((d) => state.steps[d.id].status);
  return statuses.some((s) => s === 'fail' || s === 'error') ? EXIT.found : EXIT.ok;
}

/** Where headless output goes: stdout, or a file made ready before the walk. */
export interface HeadlessOutput {
  write(text: string): void;
}

/**
 * `--out FILE`: its folder is created and the file emptied now, before the walk, so a path
 * that cannot be written fails in a second instead of after every check has run.
 */
export function headlessOutput(io: Io, out?: string): HeadlessOutput {
  if (!out) return { write: (text) => io.stdout.write(text) };
  const path = resolve(io.cwd, out);
  try {
    makePrivateDir(dirname(path));
  } catch (error) {
    throw new InputError(out, undefined, '--out', `cannot create its folder: ${reasonOf(error)}`);
  }
  try {
    writePrivateFile(path, '');
  } catch (error) {
    throw new InputError(out, undefined, '--out', `cannot write it: ${reasonOf(error)}`);
  }
  return { write: (text) => appendPrivateFile(path, text) };
}

function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOTDIR: 'a part of the path is a file',
    EEXIST: 'a part of the path is a file',
    EISDIR: 'it is a folder',
    EACCES: 'permission denied',
    ENOSPC: 'no space left on the device',
    EROFS: 'read-only file system',
  };
  return e.code ? `${words[e.code] ?? e.message} (${e.code})` : String(e);
}

/** How long quitting may take before the walk's result is returned anyway. */
const QUIT_GRACE_MS = 5000;

/**
 * Run every step's checks without drawing; print the note, the JSON or the event stream.
 * What the walk found is printed even when the journal or the note could not be written
 * (a full disk, a file where a folder should be); that error is thrown afterwards.
 */
export async function runHeadless(session: Session, io: Io, format: HeadlessFormat, out: HeadlessOutput = headlessOutput(io)): Promise<number> {
  const write = (text: string) => out.write(text);
  // Skipped journal lines are said, as `note render` says them: silence would hide lost events.
  for (const p of session.journalProblems()) io.stderr.write(`triage: ${p.path}:${p.line}: ${p.reason}\n`);
  const redact = session.redact ?? redactorFor();
  let failure: unknown;
  const keep = (error: unknown) => (failure ??= error);
  let unsubscribe = () => {};
  // The ranked mechanisms join the stream whenever they change, as a line of their own.
  let ranked = '';
  const rankedLine = (final: boolean) => {
    const ranking = mechanismsOf(session.getState());
    const key = ranking.mechanisms.map((m) => `${m.id}:${m.score}`).join(' ');
    if (!final && (key === ranked || ranking.mechanisms.length === 0)) return;
    ranked = key;
    const line = {
      type: 'mechanisms.ranked',
      at: new Date().toISOString(),
      final,
      onset: ranking.onset ? { time: ranking.onset.time, from: ranking.onset.from } : null,
      mechanisms: ranking.mechanisms.map(mechanismJson),
    };
    write(`${JSON.stringify(redactDeep(line, redact))}\n`);
  };
  // Events not printed yet, in journal order. Called on every change and once more at the end:
  // a change notified after the walk settled (checks finishing in one tick) is printed too.
  let printed = 0;
  const printEvents = () => {
    const all = session.eventsSoFar();
    for (const e of all.slice(printed)) write(`${JSON.stringify(redactDeep(e, redact))}\n`);
    printed = all.length;
  };
  try {
    if (format === 'ndjson') {
      printEvents();
      unsubscribe = session.subscribe(() => {
        printEvents();
        rankedLine(false);
      });
    }
    await session.runChecksOf(STEPS.map((s) => s.id));
  } catch (error) {
    keep(error);
  }
  let notePath: string | undefined;
  try {
    notePath = await session.writeNote();
  } catch (error) {
    keep(error);
  }
  unsubscribe();
  if (format === 'ndjson') {
    printEvents();
    rankedLine(true);
  }
  const state = session.getState();
  try {
    if (format === 'md') write(renderNote(state, session.noteOptions()));
    if (format === 'json') write(`${JSON.stringify(redactDeep({ ...walkJson(state), note: notePath ?? null }, redact), null, 2)}\n`);
  } catch (error) {
    keep(error);
  }
  const answered = await clusterAnswered(session);
  try {
    await Promise.race([session.quit(), new Promise((r) => setTimeout(r, QUIT_GRACE_MS).unref())]);
  } catch (error) {
    keep(error);
  }
  if (failure !== undefined) throw failure;
  return exitCodeOf(state, answered);
}

/** Whether the walk's cluster answered at all (undefined without one): only silence is "unreachable". */
async function clusterAnswered(session: Session): Promise<boolean | undefined> {
  const cluster = session.cluster;
  if (!cluster) return undefined;
  try {
    return (await probeCluster(cluster)).reachable;
  } catch {
    return false;
  }
}
