import { readFileSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixturePath } from './fixtures';
import { DEMO_RUN_ID, LEFTOVER_LOCKED_AT, LEFTOVER_RUN_ID, RESULTS_WRITTEN_AT, backgroundLine, traceHistory } from './story';
import { appendPrivateFile, makePrivateDir, makePrivateTempDir, writePrivateFile } from '../files';

/** Paths of the demo's files, relative to the workspace (the plan's base directory). */
export const DEMO_FILES = {
  junit: 'reports/junit-e2e.xml',
  log: 'logs/e2e-harness.log',
  parquet: `results/run-${DEMO_RUN_ID}.parquet`,
  csv: `results/run-${DEMO_RUN_ID}.csv`,
  leftoverLock: `state/e2e-run-${LEFTOVER_RUN_ID}.lock`,
} as const;

/** How often the log grows while the demo runs. */
const APPEND_EVERY_MS = 300;

const PREFIX = 'triage-demo-';

export interface DemoWorkspace {
  dir: string;
  /** Stop appending to the log, and remove the directory unless it is kept (the note's replay lines read it after quit). */
  remove(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process its parent has not reaped yet is a zombie: gone, for our purpose (Linux only).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** A demo killed with -9 cannot clean up after itself; the next one removes what it left. */
function pruneOrphans(root: string): void {
  for (const name of readdirSync(root)) {
    const pid = Number(/^triage-demo-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(join(root, name), { recursive: true, force: true });
  }
}

/**
 * Lay out the incident's files in a fresh directory under the system temp dir, as run
 * 1907 left them on the CI runner: the JUnit report, an empty result artifact, the lock
 * run 1841 never released, and the harness's log, which keeps growing while it waits.
 */
export function createDemoWorkspace(keepIn?: string): DemoWorkspace {
  const root = tmpdir();
  pruneOrphans(root);
  const dir = keepIn ?? makePrivateTempDir(join(root, `${PREFIX}${process.pid}-`));
  if (keepIn) makePrivateDir(keepIn);
  const file = (relative: string) => {
    const path = join(dir, relative);
    makePrivateDir(dirname(path));
    return path;
  };

  writePrivateFile(file(DEMO_FILES.junit), readFileSync(fixturePath('demo/junit-e2e.xml')));
  // Written when the run ended, not when the demo started: the times agree with the captured cluster.
  const written = new Date(RESULTS_WRITTEN_AT);
  for (const [relative, text] of [
    [DEMO_FILES.parquet, ''],
    [DEMO_FILES.csv, 'run_id,order_id,trace_id,status,paid_at\n'],
  ] as const) {
    const path = file(relative);
    writePrivateFile(path, text);
    utimesSync(path, written, written);
  }
  const lock = file(DEMO_FILES.leftoverLock);
  const lockedAt = new Date(LEFTOVER_LOCKED_AT);
  const holder = `e2e-checkout-flow-${LEFTOVER_RUN_ID}`;
  writePrivateFile(
    lock,
    `${JSON.stringify({ run: LEFTOVER_RUN_ID, holder, namespace: `e2e-run-${LEFTOVER_RUN_ID}`, host: 'ci-runner-7', lockedAt: LEFTOVER_LOCKED_AT })}\n`,
  );
  utimesSync(lock, lockedAt, lockedAt);

  const log = file(DEMO_FILES.log);
  writePrivateFile(log, `${traceHistory().join('\n')}\n`);
  let tick = 0;
  const appender = setInterval(() => {
    try {
      appendPrivateFile(log, `${backgroundLine(new Date(), tick++)}\n`);
    } catch {
      // The workspace was removed under a tick that was already due: nothing to grow.
    }
  }, APPEND_EVERY_MS);
  appender.unref();

  return {
    dir,
    remove() {
      clearInterval(appender);
      if (!keepIn) rmSync(dir, { recursive: true, force: true });
    },
  };
}
