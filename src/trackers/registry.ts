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
