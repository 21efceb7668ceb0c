import { flagBool, flagChoice, flagList, flagString, UsageError } from '../args';
import { EXIT, type Command } from '../command';
import { loadPlan } from '../../plan/load';
import { parseDuration, parsePositiveDuration } from '../../model/duration';
import { runTrace, type TraceResult } from '../../trace/timeline';
import { chooseSources, traceSettings } from '../../trace/setup';
import { sourceHelp } from '../../trace/sources';
import { clusterAccess } from '../../trace/sources/kube-access';
import { clusterFor, namespacesFor } from '../cluster';
import { traceJson, traceText } from '../../trace/render';
import { redactorFor, rulesFromPlan } from '../../redact/redact';
import { redactTrace } from '../../trace/derive';
import { metricsAtOnset, metricsText, type MetricAtOnset } from '../../trace/metrics';

/** 1 when the trace shows an error, stops short of the plan's services or is nowhere; 3 when no source could be read. */
export function traceExitCode(result: TraceResult): number {
  if (result.sources.length === 0 && result.problems.length > 0) return EXIT.unreachable;
  if (!result.stopsAt || result.firstError || result.stopsAt.neverSeen.length > 0) return EXIT.found;
  return EXIT.ok;
}

function durationFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = parsePositiveDuration(value);
  if (ms === undefined) throw new UsageError(`--${flag} must be a duration above zero such as 30s, 15m, 2h (got ${value})`);
  return ms;
}

export const command: Command = {
  name: 'trace',
  usage: 'triage trace ID [--since DUR] [--source SPEC]... [--format text|json] [--follow-related]',
  flags: [
    { name: 'since', type: 'string', value: 'DUR', description: 'only the last DUR before the end of the window (now, or when the bundle was captured)' },
    {
      name: 'source',
      type: 'list',
      value: 'SPEC',
      description: "where to look (repeatable; see below); default: the plan's trace sources, then pods and events",
    },
    { name: 'format', type: 'string', choices: ['text', 'json'], description: 'a readable timeline (text) or one JSON document' },
    { name: 'follow-related', type: 'boolean', description: 'ids on the same line as the trace id (a task id, a job name) join for one hop' },
    { name: 'timeout', type: 'string', value: 'DUR', description: "deadline of each query and command a source runs (default: the plan's timeout)" },
    { name: 'limit', type: 'string', value: 'N', description: 'entries kept on the timeline (default 2000; the earliest and latest are kept)' },
  ],
  help: `Follows one trace / job / execution id across logs, events and state, merges what it
finds into one timeline by instant, and says where the trace stops: the furthest service it
reached, how long before the end of the window, and the plan's services after it that never
saw it (trace.services). With trace.metrics in the plan, each metric is compared before and
at the first error, with a curl line to ask again. Exit 1 when the trace shows an error or stops short, 0 when it
completes, 2 on bad input, 3 when no source could be read.

Sources (--source SPEC, or trace.sources in the plan):
${sourceHelp()}

pods:NS and events:NS read the cluster: live (--context, --kubeconfig) or a bundle
(--bundle DIR, served by the read-only replay; the window then ends when it was captured).
Without --source: the plan's trace sources, trace.postgres and trace.redis, then the pods
and events of -n NS (else the plan's namespaces, else every namespace). Relative paths
in --source resolve against the current directory, those in the plan against the plan's.

Example:
  triage trace 4bf92f3577b34da6a3ce929d0e0e4736 --bundle fixtures/demo-bundle -n shop`,
  async run(args, io) {
    const traceId = args.positionals[0] ?? flagString(args, 'trace');
    if (!traceId) throw new UsageError('give the trace id: triage trace ID');
    if (args.positionals.length > 1) throw new UsageError(`one trace id at a time (got ${args.positionals.join(' ')})`);
    const format = flagChoice(args, 'format', ['text', 'json'] as const, 'text');
    const sinceMs = durationFlag(flagString(args, 'since'), 'since');
    const limitText = flagString(args, 'limit');
    const limit = limitText === undefined ? undefined : Number(limitText);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 10))
      throw new UsageError(`--limit must be a whole number of at least 10 (got ${limitText})`);
    const loaded = loadPlan(io.cwd, flagString(args, 'plan'));
    const timeoutMs = durationFlag(flagString(args, 'timeout'), 'timeout') ?? parseDuration(loaded.plan.timeout) ?? 10_000;
    const rules = rulesFromPlan(loaded.plan.redact, loaded.file);
    io.redaction?.use(rules);
    const redact = redactorFor(rules);

    // A bundle is read through the replay server, a live cluster through client-node: one path.
    const cluster = clusterFor(args, io);
    const kube = cluster ? clusterAccess(cluster) : undefined;
    const endMs = kube?.capturedAt ? Date.parse(kube.capturedAt) : Date.now();
    const namespaces = namespacesFor(args, loaded.plan.namespaces);
    const sources = chooseSources({ specs: flagList(args, 'source'), cwd: io.cwd, plan: loaded.plan, planDir: loaded.baseDir, kube, namespaces });
    if (sources.length === 0) {
      throw new UsageError('nothing to read: give --source SPEC, --bundle DIR, or trace.sources in the plan');
    }

    const controller = new AbortController();
    const onSignal = () => controller.abort(new Error('interrupted'));
    process.once('SIGINT', onSignal);
    let result: TraceResult;
    let metrics: MetricAtOnset[] = [];
    try {
      result = await runTrace({
        traceId,
        sources,
        ...traceSettings(loaded.plan),
        followRelated: flagBool(args, 'follow-related'),
        ...(sinceMs !== undefined ? { sinceMs } : {}),
        endMs,
        timeoutMs,
        signal: controller.signal,
        ...(limit !== undefined ? { limit } : {}),
      });
      // The plan's metrics before and at the first error: no error, no onset to compare at.
      const onset = result.firstError?.time;
      if (onset && loaded.plan.trace?.metrics.length)
        metrics = await metricsAtOnset(loaded.plan.trace.metrics, onset, { signal: controller.signal, timeoutMs });
    } finally {
      process.off('SIGINT', onSignal);
    }
    // Lines read live never went through the journal's redaction: redacted (and stripped of
    // terminal controls) before they are laid out and coloured, so the colours are the tool's own.
    const safe = redactTrace(result, redact);
    const shownMetrics = metrics.map((m) => ({ ...m, summary: redact(m.summary), replay: redact(m.replay), query: redact(m.query) }));
    if (format === 'json') io.stdout.write(`${JSON.stringify({ ...traceJson(safe), ...(metrics.length ? { metrics: shownMetrics } : {}) }, null, 2)}\n`);
    else {
      const columns = (io.stdout as NodeJS.WriteStream).columns ?? 100;
      io.stdout.write(traceText(safe, { color: io.isTTY && !flagBool(args, 'no-color') && !io.env.NO_COLOR, width: Math.max(20, Math.min(72, columns - 30)) }));
      io.stdout.write(metricsText(shownMetrics));
    }
    return traceExitCode(result);
  },
};
