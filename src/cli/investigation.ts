import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { UsageError, flagList, flagString, type ParsedArgs } from './args';
import type { Io } from './command';
import { loadPlan, type LoadedPlan } from '../plan/load';
import { commitSha, type Plan } from '../plan/schema';
import { checksFor } from '../walk/assemble';
import { Journal, newInvestigationId } from '../investigation/journal';
import { Session } from '../workbench/session';
import { foldAll } from '../investigation/fold';
import type { Check } from '../checks/types';
import { InputError, NoTargetError } from '../errors';
import { jsonLineRedactor, redactorFor, rulesFromPlan } from '../redact/redact';
import { clusterFor, namespacesFor, whyNoCluster } from './cluster';
import { BundleCluster } from '../kube/client-bundle';
import { LiveCluster } from '../kube/client';
import { titleScope } from '../investigation/title';
import { DEFAULT_SYSTEM } from '../plan/schema';
import { validateBundle } from '../kube/bundle';

export interface OpenOptions {
  mode: 'live' | 'bundle' | 'demo';
  /** A plan made by the caller (the demo) instead of --plan / ./triage.yaml. */
  plan?: LoadedPlan;
  /** Checks beyond the plan's (the demo's, built-ins). */
  extraChecks?: Check[];
  title?: string;
  /** Resume this investigation instead of --investigation or a new one. */
  investigation?: string;
  /** The demo's bundle: served in-process; the demo never reads the person's kubeconfig. */
  bundle?: string;
  /** The wall clock, for tests that open a bundle long after it was captured. */
  now?: () => Date;
  /** What serves the walk's local endpoints again after it quit (the demo's). */
  serve?: string;
  /**
   * A walk that prints and exits (`triage run`): its replay lines are printed, never run while
   * it lasts, so a bundle's replay server is not started for them; signatures match in-thread.
   */
  headless?: boolean;
}

export function authorOf(args: ParsedArgs, io: Io): string {
  return flagString(args, 'author') ?? io.env.USER ?? io.env.LOGNAME ?? accountName() ?? 'unknown';
}

/** The OS account when the environment names none (a container, `env -i`, a service). */
function accountName(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

/** `--since-green SHA` names the last green run for this walk, in the plan's repository (or its folder). */
function gitFor(args: ParsedArgs, planned: Plan['git']): Plan['git'] {
  const sha = flagString(args, 'since-green');
  if (sha === undefined) return planned;
  if (!commitSha.safeParse(sha).success) throw new UsageError(`--since-green must be a commit SHA (7 to 40 hex digits), got ${JSON.stringify(sha)}`);
  return { repo: planned?.repo ?? '.', lastGreen: sha };
}

/** What the journal's head says about an investigation: enough to open it again as it was opened. */
export interface InvestigationHead {
  id: string;
  title: string;
  updatedAt?: string;
  closed: boolean;
  mode: 'live' | 'bundle' | 'demo';
  bundle?: string;
}

export function investigationHead(root: string, id: string): InvestigationHead {
  const journal = Journal.open(root, id, 'reader');
  try {
    const state = foldAll(id, journal.readNew().events);
    return { id, title: state.title, updatedAt: state.updatedAt, closed: state.closed, mode: state.mode, bundle: state.bundle };
  } finally {
    journal.close();
  }
}

/** The most recent investigation not closed: offered for resuming, and what `triage mcp` pairs on. */
export function mostRecentOpen(root: string): InvestigationHead | undefined {
  for (const entry of Journal.list(root).slice(0, 5)) {
    const head = investigationHead(root, entry.id);
    if (!head.closed) return head;
  }
  return undefined;
}

/** Load the plan, open (or create) the journal and build the session the walk runs in. */
export function openSession(args: ParsedArgs, io: Io, options: OpenOptions): Session {
  const loaded = options.plan ?? loadPlan(io.cwd, flagString(args, 'plan'));
  // Flags given for this run add to what the plan says.
  const plan = {
    ...loaded.plan,
    traceId: flagString(args, 'trace') ?? loaded.plan.traceId,
    junit: [...loaded.plan.junit, ...flagList(args, 'junit').map((p) => resolve(io.cwd, p))],
    namespaces: namespacesFor(args, loaded.plan.namespaces),
    git: gitFor(args, loaded.plan.git),
  };
  const bundleDir = options.bundle ?? flagString(args, 'bundle');
  const cluster = clusterFor(args, io, { bundle: options.bundle, offline: options.mode === 'demo' });
  // A bundle someone hands in is read whole before the walk: a bad file is their input error.
  if (cluster instanceof BundleCluster && options.mode === 'bundle') validateBundle(cluster.bundle);
  if (cluster instanceof BundleCluster && options.headless) cluster.serveReplayLines = false;
  // Every check would skip and the walk would pass: a false green in CI. Say how to aim it.
  if (!cluster && options.mode !== 'demo' && !options.plan && !loaded.file && plan.junit.length === 0 && !plan.git) {
    throw new NoTargetError(
      `nothing to investigate: ${whyNoCluster(args, io)}, no --bundle and no plan (./triage.yaml); give --kubeconfig/--context, --bundle DIR or --plan FILE, or try \`triage demo\``,
    );
  }
  const requested = options.investigation ?? flagString(args, 'investigation');
  if (requested !== undefined && !/^[A-Za-z0-9._-]+$/.test(requested)) {
    throw new InputError('--investigation', undefined, undefined, `"${requested}" is not a valid investigation id`);
  }
  const id = requested ?? newInvestigationId();
  const resuming = requested !== undefined && Journal.exists(io.cwd, id);
  // Redaction at the journal line: what is folded, drawn and rendered never held the secret.
  const rules = rulesFromPlan(plan.redact, loaded.file);
  io.redaction?.use(rules);
  const journal = Journal.open(io.cwd, id, authorOf(args, io), jsonLineRedactor(rules));
  const checks = [...checksFor(plan), ...(options.extraChecks ?? [])];
  const session = new Session({
    root: io.cwd,
    journal,
    plan,
    baseDir: loaded.baseDir,
    checks,
    env: io.env,
    cluster,
    ownsCluster: true,
    redact: redactorFor(rules),
    signatureDirs: flagList(args, 'signatures'),
    headless: options.headless,
    ...(options.now ? { now: options.now } : {}),
  });
  if (!resuming) {
    const context =
      cluster instanceof BundleCluster ? cluster.bundle.manifest.context : cluster instanceof LiveCluster ? cluster.target.contextName : undefined;
    const scope = titleScope(plan.name === DEFAULT_SYSTEM ? undefined : plan.name, plan.namespaces, context);
    session.record({
      type: 'investigation.opened',
      title: options.title ?? scope,
      ...(options.title === undefined ? { titleScope: scope } : {}),
      system: plan.name,
      mode: options.mode,
      traceId: plan.traceId,
      traceServices: plan.trace?.services.length ? plan.trace.services : undefined,
      bundle: bundleDir && resolve(io.cwd, bundleDir),
      capturedAt: cluster?.capturedAt,
      ...(options.serve ? { serve: options.serve } : {}),
    });
  } else if (plan.traceId !== undefined && plan.traceId !== session.getState().traceId) {
    // Resumed to follow another trace: the walk follows it, so the journal (and the note) must say so.
    session.record({ type: 'trace.set', traceId: plan.traceId, ...(plan.trace?.services.length ? { traceServices: plan.trace.services } : {}) });
  }
  return session;
}
