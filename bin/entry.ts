// The bundle's entry: the composition root that hands the Ink views to the CLI engine,
// so nothing under src/ imports views/.
import { runCli } from '../src/cli/main';

await runCli(() => import('../views/run'));
