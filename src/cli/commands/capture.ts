import { resolve } from 'node:path';
import { flagBool, flagList, flagString, UsageError } from '../args';
import { EXIT, type Command, type Io } from '../command';
import { loadPlan } from '../../plan/load';
import { parsePositiveDuration } from '../../model/duration';
import { clusterFor } from '../cluster';
import type { LiveCluster } from '../../kube/client';
import { ClusterUnreachableError } from '../../kube/api-errors';
import { BundleCluster } from '../../kube/client-bundle';
import { captureBundle, checkOutput, type CaptureProgress } from '../../kube/capture';
import { httpTargetsOf } from '../../kube/capture-http';
import { redact, rulesFromPlan } from '../../redact/redact';

/** One line on a terminal, rewritten in place; a line per phase otherwise (CI logs). */
function progressPrinter(io: Io): { update: (p: CaptureProgress) => void; end: () => void } {
  const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  let lastPhase = '';
  const line = (p: CaptureProgress) => `capture: ${p.phase} ${p.done}/${p.total}${p.failures ? `, ${p.failures} not captured` : ''}`;
  return {
    update(p) {
      if (tty) io.stderr.write(`\r\x1b[2K${line(p)}`);
      else if (p.done === p.total && p.phase !== lastPhase) {
        lastPhase = p.phase;
        io.stderr.write(`${line(p)}\n`);
      }
    },
    end: () => {
      if (tty) io.stderr.write('\n');
    },
  };
}

export const command: Command = {
  name: 'capture',
  usage: 'triage capture -o DIR [-n NS]... [-A] [--since DUR] [--no-redact]',
  flags: [
    { name: 'output', short: 'o', type: 'string', value: 'DIR', complete: 'dirs', description: 'the bundle directory to write (new or empty)' },
    { name: 'since', type: 'string', value: 'DUR', description: 'only log lines newer than this (5m, 2h)' },
    {
      name: 'no-redact',
      type: 'boolean',
      description: 'write logs, events, object fields and HTTP answers exactly as read, secrets included (default: redacted)',
    },
  ],
  help: `Snapshots cluster state and logs into a bundle before anyone reruns: every common resource
type as \`kubectl get -A -o json\` prints it, each container's log and previous log as
\`kubectl logs --timestamps\` prints them, Secrets as names only (listed as metadata: their
values never cross the wire), and what the plan's HTTP endpoints answer. What cannot be read is
listed in bundle.json; the rest is still written.
Namespaces: -A, else -n, else the plan's, else the context's.

Secrets in what is written — log lines, event messages, env values and ConfigMap fields under
names that say secret, HTTP answers — are replaced with [REDACTED:<rule>] (the built-in rules
and the plan's redact section). --no-redact writes everything as read: the bundle then holds
whatever tokens and passwords the logs printed; share it accordingly. Files are written 0600
and folders 0700 either way.`,
  async run(args, io) {
    const out = flagString(args, 'output');
    if (!out) throw new UsageError('where to? triage capture -o DIR');
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const sinceText = flagString(args, 'since');
    const sinceMs = sinceText === undefined ? undefined : parsePositiveDuration(sinceText);
    if (sinceText !== undefined && sinceMs === undefined) throw new UsageError(`--since must be a duration above zero such as 30m or 2h (got ${sinceText})`);
    const loaded = loadPlan(io.cwd, flagString(args, 'plan'));
    const rules = rulesFromPlan(loaded.plan.redact, loaded.file);
    io.redaction?.use(rules);
    // Captured text keeps its terminal colours (a bundle is what kubectl would have written); secrets go.
    const redactCaptured = flagBool(args, 'no-redact') ? undefined : (text: string) => redact(text, rules);
    checkOutput(resolve(io.cwd, out));
    const source = clusterFor(args, io);
    if (!source) {
      io.stderr.write('triage capture: no cluster: no kubeconfig found ($KUBECONFIG, ~/.kube/config) and no --bundle\n');
      return EXIT.unreachable;
    }
    const client: LiveCluster = await source.client();
    const given = flagList(args, 'namespace');
    const namespaces = flagBool(args, 'all-namespaces')
      ? []
      : given.length
        ? given
        : loaded.plan.namespaces.length
          ? loaded.plan.namespaces
          : source instanceof BundleCluster
            ? source.bundle.manifest.namespaces
            : [client.target.namespace];
    const context = source instanceof BundleCluster ? source.bundle.manifest.context : client.target.contextName;
    const progress = progressPrinter(io);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    try {
      const result = await captureBundle(client, {
        out: resolve(io.cwd, out),
        context,
        namespaces,
        sinceSeconds: sinceMs === undefined ? undefined : Math.ceil(sinceMs / 1000),
        since: sinceText,
        http: httpTargetsOf(loaded.plan),
        env: io.env,
        ...(redactCaptured ? { redact: redactCaptured } : {}),
        signal: abort.signal,
        onProgress: progress.update,
      });
      progress.end();
      const { failures } = result.manifest;
      io.stdout.write(
        `captured ${result.objects} objects of ${result.resources} types, ${result.logs} logs, ${result.files} files from ${source.description} into ${out}${redactCaptured ? ' (redacted)' : ' (NOT redacted: --no-redact)'}\n`,
      );
      for (const f of failures) io.stderr.write(`  not captured: ${f.what}: ${f.error}\n`);
      if (abort.signal.aborted) io.stderr.write('capture interrupted: the bundle holds what was written before Ctrl-C\n');
      return EXIT.ok;
    } catch (error) {
      progress.end();
      if (error instanceof ClusterUnreachableError) {
        io.stderr.write(`triage capture: ${error.message}\n`);
        return EXIT.unreachable;
      }
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
      if (source instanceof BundleCluster) await source.close();
    }
  },
};
