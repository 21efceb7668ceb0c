import type { Tracker } from '../../investigation/ledger-state';
import { gitea } from './gitea';
import { github } from './github';
import { gitlab } from './gitlab';
import type { TrackerApi } from './types';

/** Every export target. Adding one: its file here, and one line. */
export const TRACKER_APIS: Record<Tracker, TrackerApi> = { github, gitlab, gitea };
