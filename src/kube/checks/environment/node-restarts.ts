// Containers a node took down with it (a reboot under containerd): one finding for all of
// them, as context for the real findings of the pods check (pods.ts).
import { plural, type Finding } from '../../analyze/findings';
import type { AnalyzeOptions } from '../kit';

/** A node restart this recent still explains the pods it restarted. */
export const NODE_RESTART_WINDOW_MS = 24 * 3_600_000;
/** Pods named in the one node-restart finding; the rest are counted. */
const NODE_RESTART_LINES = 6;

/**
 * containerd's word for a container it found gone, not exited (a node that rebooted under
 * it): exit code 255, reason "Unknown" (containerd internal/cri/server/helpers.go,
 * unknownExitCode / unknownExitReason).
 */
export function lostWithNode(t: { exitCode: number; reason?: string | null }): boolean {
  return t.exitCode === 255 && (t.reason == null || t.reason === 'Unknown');
}

export interface NodeRestart {
  pod: string;
  container: string;
  node: string;
  finishedAt?: string;
  restarts: number;
}

export function nodeRestartFinding(restarts: readonly NodeRestart[], o: AnalyzeOptions): Finding {
  const pods = new Set(restarts.map((r) => r.pod));
  const nodes = [...new Set(restarts.map((r) => r.node))];
  const times = restarts.flatMap((r) => (r.finishedAt ? [r.finishedAt] : [])).sort();
  const lines: Finding['lines'] = restarts.slice(0, NODE_RESTART_LINES).map((r) => ({
    text: `${r.pod} container ${r.container} last terminated Unknown (exit 255) at ${r.finishedAt ?? 'unknown time'} on node ${r.node}, ${plural(r.restarts, 'restart')}; running again`,
    ...(r.finishedAt ? { time: r.finishedAt } : {}),
    source: `${r.pod.split('/')[0]}/pod/${r.pod.split('/')[1]}`,
  }));
  if (restarts.length > NODE_RESTART_LINES) lines.push({ text: `and ${restarts.length - NODE_RESTART_LINES} more containers ended the same way` });
  const nodeList = nodes.length <= 3 ? nodes.join(', ') : `${nodes.slice(0, 3).join(', ')} and ${nodes.length - 3} more`;
  return {
    status: 'warn',
    headline: `${plural(pods.size, 'pod')} restarted after node ${nodeList} went down (exit 255, Unknown)`,
    source: `node/${nodes[0]}`,
    lines,
    bucket: 'environment-not-ready',
    replay: o.kubectl('get', 'pods', ...o.scope, '-o', 'wide', '--field-selector', `spec.nodeName=${nodes[0]}`),
    // Context for the real findings, never above them.
    weight: 0,
    kind: 'node',
    subject: nodes[0],
    phrase: `went down: ${plural(pods.size, 'pod')} on it restarted (exit 255, Unknown)`,
    ...(times.length ? { time: times[times.length - 1] } : {}),
  };
}
