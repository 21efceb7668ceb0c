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

/** `a, b or c`, for help text. */
function spelled(items: readonly string[], conjunction: string): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)!}` : items.join('');
}

/** The trackers as people write them, for help text: `GitHub, GitLab or Gitea`. */
export function trackerLabels(conjunction = 'or'): string {
  return spelled(
    TARGETS.map((t) => t.label),
    conjunction,
  );
}

/** Where tokens come from, for help text: `GITHUB_TOKEN / GH_TOKEN, GITLAB_TOKEN, ..., else the logged-in gh, glab or tea`. */
export function trackerTokenSources(): string {
  return `${TARGETS.map((t) => t.tokenEnv.join(' / ')).join(', ')}, else the logged-in ${spelled(
    TARGETS.map((t) => t.cli),
    'or',
  )}`;
}
