// Every process triage starts leads its own process group, so what it leaves behind (a
// `sleep 600 &`, a daemon a script forgot) is ended with it: on a deadline, on cancel,
// when the leader exits, and when triage itself exits.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Process groups still alive, by their leader's pid. */
const groups = new Set<number>();
let exitHookInstalled = false;

function killGroups(): void {
  for (const pid of groups) signalGroup(pid, 'SIGKILL');
  groups.clear();
}

/** Send `signal` to every process of the group; false when the group is gone. */
function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Start `file` with `args` as the leader of a new process group (never through a shell).
 * The group is killed when triage exits; `endGroup` ends it earlier.
 */
export function spawnInGroup(file: string, args: readonly string[], options: Omit<SpawnOptions, 'detached' | 'shell'>): ChildProcess {
  const child = spawn(file, args, { ...options, detached: true, shell: false });
  const pid = child.pid;
  if (pid !== undefined) {
    groups.add(pid);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', killGroups);
    }
    // The leader is gone: whatever it left in its group is an orphan nobody will wait for.
    child.once('exit', () => endGroup(pid));
  }
  return child;
}

/** Kill what is left of a group at once (SIGKILL) and forget it. */
export function endGroup(pid: number): void {
  signalGroup(pid, 'SIGKILL');
  groups.delete(pid);
}

/** SIGTERM to the whole group now, SIGKILL after `graceMs` for whatever ignored it. */
export function stopGroup(pid: number, graceMs: number): void {
  if (!groups.has(pid)) return;
  signalGroup(pid, 'SIGTERM');
  setTimeout(() => endGroup(pid), graceMs).unref();
}
