import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_RUN_ID, LEFTOVER_AGE_MS, LEFTOVER_RUN_ID, backgroundLine, traceHistory } from './story';

/** Paths of the demo's files, relative to the workspace (the plan's base directory). */
export const DEMO_FILES = {
  junit: 'reports/junit-e2e.xml',
  log: 'logs/pipeline.log',
  parquet: `results/${DEMO_RUN_ID}.parquet`,
  csv: `results/${DEMO_RUN_ID}.csv`,
  leftoverLock: `state/e2e-${LEFTOVER_RUN_ID}.lock`,
} as const;

/** How often the log grows while the demo runs. */
const APPEND_EVERY_MS = 300;

const PREFIX = 'triage-demo-';

export interface DemoWorkspace {
  dir: string;
  /** Stop appending to the log and remove the directory. */
  remove(): void;
}

/** The JUnit report shipped in fixtures/demo/, found from the source file or from the bundle in dist/. */
function fixturePath(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'fixtures', 'demo', name);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`demo fixture ${name} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
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
 * Lay out the incident's files in a fresh directory under the system temp dir: the
 * JUnit report, an empty result artifact, a lock left by an earlier run, and a log
 * that keeps growing while the trace it holds has stopped at the worker.
 */
export function createDemoWorkspace(now: Date = new Date()): DemoWorkspace {
  const root = tmpdir();
  pruneOrphans(root);
  const dir = mkdtempSync(join(root, `${PREFIX}${process.pid}-`));
  const file = (relative: string) => {
    const path = join(dir, relative);
    mkdirSync(dirname(path), { recursive: true });
    return path;
  };

  copyFileSync(fixturePath('junit-e2e.xml'), file(DEMO_FILES.junit));
  writeFileSync(file(DEMO_FILES.parquet), '');
  writeFileSync(file(DEMO_FILES.csv), 'run_id,trace_id,status,finished_at\n');
  const lock = file(DEMO_FILES.leftoverLock);
  const lockedAt = new Date(now.getTime() - LEFTOVER_AGE_MS);
  writeFileSync(lock, `${JSON.stringify({ run: LEFTOVER_RUN_ID, pid: 48213, host: 'ci-runner-7', lockedAt: lockedAt.toISOString() })}\n`);
  utimesSync(lock, lockedAt, lockedAt);

  const log = file(DEMO_FILES.log);
  writeFileSync(log, `${traceHistory(now).join('\n')}\n`);
  let tick = 0;
  const appender = setInterval(() => {
    try {
      appendFileSync(log, `${backgroundLine(new Date(), tick++)}\n`);
    } catch {
      // The workspace was removed under a tick that was already due: nothing to grow.
    }
  }, APPEND_EVERY_MS);
  appender.unref();

  return {
    dir,
    remove() {
      clearInterval(appender);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
