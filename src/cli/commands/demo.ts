import { join } from 'node:path';
import { UsageError, flagBool, flagChoice, flagString } from '../args';
import { EXIT, type Command, type Io } from '../command';
import { newInvestigationId } from '../../investigation/journal';
import { DEMO_PORTS, startDemoServices, type DemoPorts } from '../../demo/services';
import { openSession } from '../investigation';
import { exitCodeOf, runHeadless } from '../headless';
import { onTerminate } from '../terminate';
import { viewsOf } from '../load-views';
import { startDemoIncident } from '../../demo/incident';

export const command: Command = {
  name: 'demo',
  usage: 'triage demo [--headless] [--format md|json|ndjson] [--investigation ID] | triage demo --serve [--ports G,W,Q]',
  flags: [
    {
      name: 'serve',
      type: 'boolean',
      description: "serve only the demo's local endpoints (api-gateway, payments-worker, queue) until Ctrl-C, for a demo note's curl lines",
    },
    {
      name: 'ports',
      type: 'string',
      value: 'G,W,Q',
      description: `--serve: the api-gateway's, payments-worker's and queue's ports (default ${DEMO_PORTS.gateway},${DEMO_PORTS.worker},${DEMO_PORTS.queue})`,
    },
    { name: 'headless', type: 'boolean', description: 'run every step without drawing and print the result (also when stdout is not a terminal)' },
    {
      name: 'format',
      type: 'string',
      choices: ['md', 'json', 'ndjson'],
      description: 'headless output: the note (md), one JSON document, or events as they happen',
    },
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
    if (flagBool(args, 'serve')) return serve(portsOf(flagString(args, 'ports')), io);
    const headless = flagBool(args, 'headless') || !io.isTTY;
    const format = flagChoice(args, 'format', ['md', 'json', 'ndjson'] as const, 'md');
    const id = flagString(args, 'investigation') ?? newInvestigationId();
    // Loading the views and starting the services overlap: the first frame comes sooner.
    // The workspace stays under .triage/demo/<id>: the note's replay lines read its files after quit.
    const starting = startDemoIncident(io.env, /^[A-Za-z0-9._-]+$/.test(id) ? join(io.cwd, '.triage', 'demo', id) : undefined);
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
      const session = openSession(
        args,
        { ...io, env: incident.env },
        { mode: 'demo', plan: incident.plan, title: incident.title, bundle: incident.bundle, investigation: id, serve: incident.services.serveCommand },
      );
      release = onTerminate(async () => {
        await session.quit();
        await incident.stop();
      });
      if (!views) return await runHeadless(session, io, format);
      session.watch();
      const onFrame = io.env.TRIAGE_LOOP_STATS ? (await import('../loop-stats')).frameRecorder() : undefined;
      await views.runWorkbench(session, { title: incident.title, onFrame });
      await session.quit();
      return exitCodeOf(session.getState());
    } finally {
      release();
      await incident.stop();
    }
  },
};

function portsOf(text: string | undefined): DemoPorts {
  if (text === undefined) return { ...DEMO_PORTS };
  const ports = text.split(',').map((p) => Number(p.trim()));
  if (ports.length !== 3 || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
    throw new UsageError(
      `--ports takes the api-gateway's, payments-worker's and queue's ports, e.g. ${DEMO_PORTS.gateway},${DEMO_PORTS.worker},${DEMO_PORTS.queue} (got ${JSON.stringify(text)})`,
    );
  }
  return { gateway: ports[0]!, worker: ports[1]!, queue: ports[2]! };
}

/** The demo's endpoints alone, on the ports a demo note's curl lines name, until a signal. */
async function serve(ports: DemoPorts, io: Io): Promise<number> {
  let services: Awaited<ReturnType<typeof startDemoServices>>;
  try {
    services = await startDemoServices(ports);
  } catch (error) {
    const { code, port } = error as NodeJS.ErrnoException & { port?: number };
    // A port in use is the person's to settle (another --serve still running, another program), not an internal error.
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new UsageError(
        `--ports: ${port ?? 'a port'} is ${code === 'EADDRINUSE' ? 'already in use (another triage demo --serve?)' : 'not open to this user'}; stop what holds it or pass other ports`,
      );
    }
    throw error;
  }
  io.stdout.write(
    `triage demo --serve: api-gateway ${services.gatewayUrl}, payments-worker ${services.workerUrl}, payments-queue ${services.queue.host}:${services.queue.port}\nCtrl-C stops them.\n`,
  );
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  let handler = () => {};
  await new Promise<void>((stop) => {
    handler = () => stop();
    for (const signal of signals) process.once(signal, handler);
  });
  for (const signal of signals) process.off(signal, handler);
  await services.close();
  return EXIT.ok;
}
