import { flagBool, flagChoice } from '../args';
import type { Command } from '../command';
import { openSession } from '../investigation';
import { exitCodeOf, runHeadless } from '../headless';
import { onTerminate } from '../terminate';
import { viewsOf } from '../load-views';
import { startDemoIncident } from '../../demo/incident';

export const command: Command = {
  name: 'demo',
  usage: 'triage demo [--headless] [--format md|json|ndjson] [--investigation ID]',
  flags: [
    { name: 'headless', type: 'boolean', description: 'run every step without drawing and print the result (also when stdout is not a terminal)' },
    { name: 'format', type: 'string', choices: ['md', 'json', 'ndjson'], description: 'headless output: the note (md), one JSON document, or events as they happen' },
  ],
  help: `Opens the workbench on a built-in incident: a captured staging cluster (the shop's
services, checkout mid-rollout, an OOM-killed payments-worker, a collector pinned at its
limit, a failed E2E job, a leftover namespace), served read-only in-process — your
kubeconfig is never read — together with local endpoints that stand for its services
(the api-gateway, a payments-worker answering 503, a queue), the harness's growing log,
a JUnit report, an empty artifact, a stale lock and a missing env name. Everything it
starts stops when it quits. The journal and the note are written under ./.triage/ like
any walk. --investigation ID joins an existing demo investigation, e.g. from a second
terminal.`,
  async run(args, io) {
    const headless = flagBool(args, 'headless') || !io.isTTY;
    const format = flagChoice(args, 'format', ['md', 'json', 'ndjson'] as const, 'md');
    // Loading the views and starting the services overlap: the first frame comes sooner.
    const starting = startDemoIncident(io.env);
    let views: Awaited<ReturnType<typeof viewsOf>> | undefined;
    try {
      views = headless ? undefined : await viewsOf(io);
    } catch (error) {
      await (await starting).stop();
      throw error;
    }
    const incident = await starting;
    let release = () => {};
    try {
      const session = openSession(args, { ...io, env: incident.env }, { mode: 'demo', plan: incident.plan, title: incident.title, bundle: incident.bundle });
      release = onTerminate(async () => {
        await session.quit();
        await incident.stop();
      });
      if (!views) return await runHeadless(session, io, format);
      session.watch();
      await views.runWorkbench(session, { title: incident.title });
      await session.quit();
      return exitCodeOf(session.getState());
    } finally {
      release();
      await incident.stop();
    }
  },
};
