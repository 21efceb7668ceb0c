// A plan's own kubectl command, run through the real kubectl against the same cluster as
// everything else (the context's flags, or the in-process replay of a --bundle). Only
// reads: a verb allowlist, a flag allowlist, and names that can never turn into flags.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { z } from 'zod';
import type { CheckOutcome, Evidence } from '../../model';
import { checkIdentity, checkSpecBase, ownDeadlineMs, regexText } from '../spec';
import { describeEnd, judgeOutput, lastLines, runProcess } from '../process';
import { shellJoin } from '../shell';
import type { CheckContext, CheckKind } from '../types';
import { probeCluster } from '../../model/cluster';

/** Verbs that only read. `auth` is allowed as `auth can-i` only. */
const READ_VERBS = new Set(['get', 'describe', 'logs', 'events', 'top', 'version', 'api-resources', 'explain', 'auth']);

/** Flags that only shape what is read or shown. `true` = takes a value. */
const FLAGS: Record<string, boolean> = {
  '--namespace': true,
  '--all-namespaces': false,
  '--output': true,
  '--selector': true,
  '--field-selector': true,
  '--container': true,
  '--previous': false,
  '--tail': true,
  '--since': true,
  '--since-time': true,
  '--timestamps': false,
  '--all-containers': false,
  '--prefix': false,
  '--limit-bytes': true,
  '--show-labels': false,
  '--label-columns': true,
  '--show-kind': false,
  '--no-headers': false,
  '--sort-by': true,
  '--chunk-size': true,
  '--ignore-not-found': false,
  '--show-events': false,
  '--for': true,
  '--types': true,
  '--containers': false,
  '--sum': false,
  '--recursive': false,
  '--api-version': true,
  '--api-group': true,
  '--namespaced': true,
  '--verbs': true,
  '--list': false,
  '--subresource': true,
  '--client': false,
};
const SHORT: Record<string, string> = {
  '-n': '--namespace',
  '-A': '--all-namespaces',
  '-o': '--output',
  '-l': '--selector',
  '-c': '--container',
  '-p': '--previous',
  '-L': '--label-columns',
};

/** Output formats that print what was read; the `*-file` forms would read local files. */
const OUTPUT = /^(json|yaml|wide|name|jsonpath=.*|jsonpath-as-json=.*|custom-columns=.*)$/;
/** A name, a type, `type/name`, `deploy,rs`: never a flag, never a path outside the API. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:/,=@%+~-]*$/;

/** Why this argv is not a plain read, or undefined when it is. */
export function kubectlArgvProblem(argv: readonly string[]): string | undefined {
  const [verb, ...rest] = argv;
  if (!verb || !READ_VERBS.has(verb))
    return `"${verb ?? ''}" is not one of the read verbs: ${[...READ_VERBS].map((v) => (v === 'auth' ? 'auth can-i' : v)).join(', ')}`;
  if (verb === 'auth' && rest[0] !== 'can-i') return 'only "auth can-i" is allowed';
  const positionals: string[] = [];
  let output: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('-')) {
      if (!NAME.test(arg)) return `"${arg}" is not a plain name`;
      positionals.push(arg);
      continue;
    }
    let flag: string;
    let value: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      flag = eq < 0 ? arg : arg.slice(0, eq);
      value = eq < 0 ? undefined : arg.slice(eq + 1);
    } else {
      const long = SHORT[arg.slice(0, 2)];
      if (!long) return `flag ${arg} is not allowed`;
      flag = long;
      value = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
    }
    const takesValue = FLAGS[flag];
    if (takesValue === undefined) return `flag ${flag} is not allowed (only flags that shape a read)`;
    if (takesValue && value === undefined) {
      value = rest[++i];
      if (value === undefined) return `flag ${flag} needs a value`;
    }
    if (!takesValue && value !== undefined && value !== 'true' && value !== 'false') return `flag ${flag} takes no value`;
    if (value !== undefined && value.startsWith('-') && !/^-\d+$/.test(value)) return `the value of ${flag} cannot start with "-"`;
    if (flag === '--output') {
      if (!OUTPUT.test(value!)) return `-o ${value} is not allowed (json, yaml, wide, name, jsonpath=, custom-columns=)`;
      output = value;
    }
  }
  const types = positionals.flatMap((p) => p.split(',')).map((t) => t.split('/')[0]!.split('.')[0]!.toLowerCase());
  if (verb === 'get' && types.some((t) => t === 'secret' || t === 'secrets') && output !== undefined && !/^(wide|name)$/.test(output)) {
    return 'printing Secrets with -o would show their values; use describe or -o name';
  }
  return undefined;
}

export const kubectlSpec = checkSpecBase
  .extend({
    kind: z.literal('kubectl'),
    /** The arguments after `kubectl`, e.g. [get, pods, -n, shop]. Context flags are added. */
    argv: z
      .array(z.string())
      .min(1)
      .superRefine((argv, ctx) => {
        const problem = kubectlArgvProblem(argv);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    expectExit: z.number().int().default(0),
    /** A regex the output must match. */
    outputMatches: regexText.optional(),
    /** A regex no output line may match. */
    outputMustNotMatch: regexText.optional(),
  })
  .strict();
export type KubectlSpec = z.infer<typeof kubectlSpec>;

const TAIL_LINES = 20;

async function runKubectl(spec: KubectlSpec, ctx: CheckContext): Promise<CheckOutcome> {
  const cluster = ctx.cluster;
  const shown = shellJoin(['kubectl', ...spec.argv]);
  if (!cluster) return { status: 'skip', summary: `${shown}: no cluster (no kube context, no --bundle)`, evidence: [] };
  // Reports an unreachable cluster at once.
  const probe = await probeCluster(cluster);
  const argv = ['kubectl', ...cluster.kubectlFlags, ...spec.argv];
  const replay = shellJoin(argv);
  if (!probe.reachable) return { status: 'error', summary: probe.error, evidence: [], replay };
  // A bundle's replay, which the flags reach, starts only for the kubectl that needs it.
  try {
    await cluster.serveKubectl?.();
  } catch (error) {
    return { status: 'error', summary: (error as Error).message, evidence: [], replay };
  }
  const deadline = ownDeadlineMs(ctx.timeoutMs);
  const requestTimeout = Math.max(1, Math.floor(deadline / 2000));
  // A replay listens on a new port each run: keep kubectl's discovery cache out of ~/.kube.
  const env = cluster.capturedAt ? { ...ctx.env, KUBECACHEDIR: join(tmpdir(), 'triage-kubectl-cache') } : ctx.env;
  const result = await runProcess([...argv.slice(0, 1), `--request-timeout=${requestTimeout}s`, ...argv.slice(1)], {
    cwd: ctx.baseDir,
    env,
    signal: ctx.signal,
    timeoutMs: deadline,
  });
  const time = ctx.now().toISOString();
  const evidence: Evidence[] = lastLines(result.output, TAIL_LINES).map((text) => ({ text, source: shown, time }));
  const end = describeEnd(result, deadline);
  if (result.notStarted) {
    const missing = /binary not found/.test(result.notStarted);
    return { status: 'error', summary: missing ? 'kubectl not found on PATH' : result.notStarted, evidence, replay };
  }
  if (result.timedOut) return { status: 'error', summary: `${shown} ${end}`, evidence, replay };
  return { ...judgeOutput(spec, result, shown, end, evidence.at(-1)?.text), evidence, replay };
}

export const kubectlKind: CheckKind<KubectlSpec, typeof kubectlSpec> = {
  kind: 'kubectl',
  schema: kubectlSpec,
  create(spec, step, index) {
    return { ...checkIdentity(spec, step, index, shellJoin(['kubectl', ...spec.argv])), run: (ctx) => runKubectl(spec, ctx) };
  },
};
