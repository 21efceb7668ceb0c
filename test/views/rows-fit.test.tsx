import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { STEPS } from '../../src/plan/steps';
import { CheckDetail } from '../../views/components/CheckDetail';
import type { CheckRow } from '../../views/check-rows';

// A pane whose rows do not all fit must clip the last ones, never squeeze two rows into one:
// Yoga shrinks rows to fit their box and Ink then draws the shrunk rows over each other.

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const normal = (s: string) => s.replace(/\s+/g, ' ').trim();

const NODES: CheckRow = {
  id: 'environment/nodes',
  title: 'Nodes Ready, no pressure',
  status: 'warn',
  running: false,
  result: {
    status: 'warn',
    summary: '1 node not healthy: stg-pool-b-2ct8w MemoryPressure',
    evidence: [
      {
        text: 'MemoryPressure since 2026-06-15T08:58:02Z (for 14m2s): kubelet has insufficient memory available',
        source: 'node/stg-pool-b-2ct8w',
        time: '2026-06-15T08:58:02Z',
      },
      { text: 'taint node.kubernetes.io/memory-pressure:NoSchedule: new pods that do not tolerate it are not scheduled here', source: 'node/stg-pool-b-2ct8w' },
      { text: '3 of 3 nodes Ready', source: 'nodes' },
    ],
    replay: 'kubectl --kubeconfig /tmp/triage-replay-9493-uqqOSW/kubeconfig describe node stg-pool-b-2ct8w',
    durationMs: 5170,
  },
};

/** The text of each drawn row inside the pane's borders. */
function inside(frame: string): string[] {
  return frame
    .replace(ANSI, '')
    .split('\n')
    .slice(1, -1)
    .map((l) => l.replace(/^│ ?/, '').replace(/ ?│$/, '').trimEnd());
}

describe('a detail pane at 80 columns', () => {
  for (const [width, height] of [
    [55, 10],
    [55, 7],
    [80, 12],
  ] as const) {
    it(`draws each evidence row as a piece of its evidence line, never two rows in one (${width}×${height})`, () => {
      const { lastFrame, unmount } = render(<CheckDetail step={STEPS[1]!} row={NODES} evidenceOffset={0} width={width} height={height} now={0} />);
      const frame = (lastFrame() ?? '').replace(ANSI, '');
      const rows = inside(frame);
      expect(frame.split('\n').at(-1)).toMatch(/^╰─+╯$/);
      unmount();
      expect(rows).toHaveLength(height - 2);
      expect(rows[0]).toMatch(/^▲ Nodes Ready/);
      const header = rows.findIndex((r) => r.startsWith('evidence'));
      expect(header).toBeGreaterThan(0);
      const texts = NODES.result!.evidence.map((e) => normal(e.text));
      const sources = NODES.result!.evidence.map((e) => e.source);
      const replay = normal(`$ ${NODES.result!.replay}`);
      for (const row of rows.slice(header + 1)) {
        if (row.trim() === '') continue;
        // Every word (cut at truncation marks) is drawn from the data: two rows drawn over each other make words that are not.
        const pieces = row.split(/\s+|…/).filter(Boolean);
        for (const piece of pieces) {
          const known = [...texts, ...sources, replay, '08:58:02'].some((t) => t.includes(piece));
          expect(known, `"${piece}" in row "${row}"`).toBe(true);
        }
      }
    });
  }
});
