import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { flagBool, flagString, UsageError } from '../args';
import { InputError } from '../../errors';
import { EXIT, type Command } from '../command';
import { startReplay } from '../../kube/replay/server';
import { makePrivateDir, writePrivateFile } from '../../files';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** `2y172d3h`, `5h12m`, `40s`: how far the replay moved its clock. */
function formatShift(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let s = Math.floor(Math.abs(ms) / 1000);
  const parts: [number, string][] = [];
  for (const [size, unit] of [
    [365 * 86_400, 'y'],
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'm'],
    [1, 's'],
  ] as const) {
    parts.push([Math.floor(s / size), unit]);
    s %= size;
  }
  const shown = parts.filter(([n]) => n > 0).slice(0, 3);
  return `${sign}${shown.map(([n, u]) => `${n}${u}`).join('') || '0s'}`;
}

export const command: Command = {
  name: 'replay',
  usage: 'triage replay BUNDLE [--port N] [--write-kubeconfig FILE]',
  operands: 'dirs',
  flags: [
    { name: 'port', type: 'string', value: 'N', description: 'listen on this port of 127.0.0.1 (default: a free one)' },
    { name: 'write-kubeconfig', type: 'string', value: 'FILE', complete: 'files', description: 'write a kubeconfig whose only context reaches the replay' },
    { name: 'force', type: 'boolean', description: 'let --write-kubeconfig replace a file that exists' },
    { name: 'as-captured', type: 'boolean', description: 'serve every timestamp as captured (default: moved so ages read as at capture)' },
  ],
  help: `Serves a captured bundle on 127.0.0.1 as a read-only Kubernetes API: kubectl, client
libraries and \`triage --bundle\` read it unchanged (discovery, list, get, watch, logs,
access reviews). Every write is refused with a 405. Runs until Ctrl-C.

kubectl describe computes ages from your clock, so by default every timestamp (objects,
events, log lines) is moved forward by the time since capture: ages read as they did at
capture, the same in get and describe. The banner says by how much; --as-captured serves
the bundle's own times. triage itself always reads the bundle's own times through it.

  triage replay ./incident-4711 --write-kubeconfig /tmp/replay.kubeconfig
  kubectl --kubeconfig /tmp/replay.kubeconfig get pods -A`,
  async run(args, io) {
    const [dir, extra] = args.positionals;
    if (!dir) throw new UsageError('which bundle? triage replay BUNDLE');
    if (extra !== undefined) throw new UsageError(`one bundle at a time (got "${extra}" too)`);
    const portText = flagString(args, 'port');
    const port = portText === undefined ? undefined : Number(portText);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`--port must be a port number (got ${portText})`);
    const kubeconfig = flagString(args, 'write-kubeconfig');
    // Someone's real kubeconfig may live there: replacing it takes --force, asked before serving.
    if (kubeconfig && existsSync(resolve(io.cwd, kubeconfig))) {
      if (statSync(resolve(io.cwd, kubeconfig)).isDirectory()) throw new InputError(kubeconfig, undefined, '--write-kubeconfig', 'is a folder; name a file');
      if (!flagBool(args, 'force')) throw new InputError(kubeconfig, undefined, '--write-kubeconfig', 'exists; it is left as it is (--force replaces it)');
    }
    const server = await startReplay(resolve(io.cwd, dir), { port, shiftClock: !flagBool(args, 'as-captured') });
    if (kubeconfig) {
      makePrivateDir(dirname(resolve(io.cwd, kubeconfig)));
      writePrivateFile(resolve(io.cwd, kubeconfig), server.kubeconfig());
    }
    const { manifest } = server.bundle;
    io.stdout.write(
      `triage replay: ${dir} (context ${manifest.context}, captured ${manifest.capturedAt}) read-only at ${server.url}\n` +
        (server.shiftMs
          ? `  times moved forward ${formatShift(server.shiftMs)} so ages read as at capture (captured ${manifest.capturedAt} is served as ${new Date(Date.parse(manifest.capturedAt) + server.shiftMs).toISOString().replace('.000Z', 'Z')}); --as-captured serves them unmoved\n`
          : '') +
        (kubeconfig ? `  kubectl --kubeconfig ${kubeconfig} get pods -A\n` : `  --write-kubeconfig FILE writes a kubeconfig for kubectl\n`) +
        `Ctrl-C stops it.\n`,
    );
    const handlers: (() => void)[] = [];
    await new Promise<void>((stop) => {
      for (const signal of SIGNALS) {
        const handler = () => stop();
        handlers.push(() => process.off(signal, handler));
        process.once(signal, handler);
      }
    });
    for (const off of handlers) off();
    await server.close();
    return EXIT.ok;
  },
};
