import { gitea } from './gitea';
import { github } from './github';
import { gitlab } from './gitlab';
import type { TrackerApi } from './types';

/** Every export target, in the order `--to` lists them. Adding one: its file here, and one line. */
const TARGETS = [github, gitlab, gitea] as const;

export type Tracker = (typeof TARGETS)[number]['name'];

/** The trackers' ids: what `--to` takes and the journal's `export.linked` records. */
export const TRACKERS = TARGETS.map((t) => t.name) as unknown as readonly [Tracker, ...Tracker[]];

export const TRACKER_APIS = Object.fromEntries(TARGETS.map((t) => [t.name, t])) as Record<Tracker, TrackerApi<Tracker>>;

/** The trackers as people write them, for help text: `GitHub, GitLab or Gitea`. */
export function trackerLabels(conjunction = 'or'): string {
  const labels = TARGETS.map((t) => t.label);
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} ${conjunction} ${labels.at(-1)!}` : labels.join('');
}
