// `triage capture`: freeze what the cluster shows before anyone reruns (a rerun overwrites
// the failing run's logs). Writes a bundle (DESIGN section 6) that plain kubectl could have
// made: Lists as `kubectl get -o json` prints them, logs as `kubectl logs --timestamps`.
// What cannot be read is recorded in bundle.json; the capture goes on.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { KubeList, KubeObject } from '../model/cluster';
import { BUNDLE_FORMAT, logFile, resourceFileName, type BundleManifest, type CaptureFailure } from './bundle';
import { KINDS } from './kinds/registry';
import type { LiveCluster } from './client';
import { arr, obj, str } from './replay/tables/table';
import { captureHttpFiles, type HttpTarget } from './capture-http';
import { InputError } from '../errors';
import { makePrivateDir, privateWriteStream, writePrivateFile } from '../files';
import { redactStructure } from '../redact/redact';
import { redactingLines } from '../redact/redact-stream';

/** A log body that takes longer than this is cut and recorded as a failure. */
const LOG_TIMEOUT_MS = 60_000;
const CONCURRENCY = 4;

export interface CaptureProgress {
  phase: 'resources' | 'logs' | 'files';
  done: number;
  total: number;
  failures: number;
}

export interface CaptureOptions {
  out: string;
  /** Context name for bundle.json. */
  context: string;
  /** `[]` = every namespace. */
  namespaces: string[];
  sinceSeconds?: number;
  /** `--since` as typed, for bundle.json. */
  since?: string;
  /** The plan's HTTP endpoints whose answers go into files/. */
  http?: HttpTarget[];
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Applied to every log line, event, object field and HTTP answer before it is written;
   * absent only when the person asked for a raw capture (`--no-redact`).
   */
  redact?: (text: string) => string;
  signal?: AbortSignal;
  onProgress?: (progress: CaptureProgress) => void;
  now?: () => Date;
}

export interface CaptureResult {
  manifest: BundleManifest;
  resources: number;
  objects: number;
  logs: number;
  files: number;
}

/** Go's encoding/json, as kubectl uses it: keys sorted, four spaces, `<>&` escaped. */
export function kubectlJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  };
  const text = JSON.stringify(sorted(value), null, 4)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
  return `${text}\n`;
}

/**
 * Names (and keys, where a Secret was read whole, as in an older bundle) only: every value is
 * emptied and kubectl's last-applied copy dropped before the Secret reaches the disk.
 */
export function secretWithoutValues(secret: KubeObject): KubeObject {
  const s = secret as KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> };
  const blank = (m: Record<string, string> | undefined) => (m ? Object.fromEntries(Object.keys(m).map((k) => [k, ''])) : undefined);
  const annotations = { ...(s.metadata.annotations ?? {}) };
  // kubectl apply keeps the whole Secret, values included, in this annotation.
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  const { stringData: _dropped, ...rest } = s;
  // A metadata-only item has neither: its keys are unknown, not absent, and stay so.
  const data = s.data || s.stringData ? blank({ ...(s.data ?? {}), ...(s.stringData ?? {}) }) : undefined;
  return {
    ...rest,
    ...(data ? { data } : {}),
    metadata: { ...s.metadata, ...(s.metadata.annotations ? { annotations } : {}) },
  };
}

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface LogJob {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
}

/**
 * Which logs the kubelet still has: the latest instance of every container that has run
 * (in CrashLoopBackOff that is the one that died last), and the one before it after a restart.
 */
function logJobs(pods: readonly KubeObject[]): LogJob[] {
  const jobs: LogJob[] = [];
  for (const pod of pods) {
    const status = obj((pod as Record<string, unknown>).status);
    const statuses = [...arr(status.initContainerStatuses), ...arr(status.containerStatuses), ...arr(status.ephemeralContainerStatuses)];
    for (const s of statuses) {
      const state = obj(s.state);
      const base = { namespace: pod.metadata.namespace ?? '', pod: pod.metadata.name, container: str(s.name) };
      if (state.running || state.terminated || obj(s.lastState).terminated) jobs.push({ ...base, previous: false });
      if (typeof s.restartCount === 'number' && s.restartCount > 0) jobs.push({ ...base, previous: true });
    }
  }
  return jobs;
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The output directory must be new or empty: a capture never mixes with an older one. */
/** Refuses, before anything is read, a bundle path that is a file or a folder with things in it. */
export function checkOutput(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new InputError(out, undefined, '-o', 'is a file: capture writes a bundle into a new or empty folder');
  if (readdirSync(out).length > 0) throw new InputError(out, undefined, '-o', 'not empty: capture writes a new bundle into a new or empty directory');
}

function prepareOutput(out: string): void {
  checkOutput(out);
  try {
    makePrivateDir(out);
  } catch (error) {
    throw new InputError(out, undefined, '-o', `cannot create it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export async function captureBundle(client: LiveCluster, options: CaptureOptions): Promise<CaptureResult> {
  // Unreachable is not a partial failure: nothing could be captured.
  const serverVersion = await client.serverVersion();
  // A capture of a replayed bundle keeps the bundle's clock (the replay's first answer named
  // it): its ages and windows stay as they were.
  const capturedAt = options.now?.() ?? (client.capturedAt ? new Date(client.capturedAt) : new Date());
  prepareOutput(options.out);
  makePrivateDir(join(options.out, 'resources'));
  const failures: CaptureFailure[] = [];
  const progress = (phase: CaptureProgress['phase'], done: number, total: number) => options.onProgress?.({ phase, done, total, failures: failures.length });

  // Resources: one List per type, every requested namespace merged, as `kubectl get -A -o json` prints it.
  const types = KINDS.filter((t) => t.capture);
  let pods: KubeObject[] = [];
  let objects = 0;
  let written = 0;
  let done = 0;
  progress('resources', 0, types.length);
  await pool(
    types,
    CONCURRENCY,
    async (type) => {
      const file = `resources/${resourceFileName(type.plural, type.group)}`;
      try {
        const scopes = type.namespaced && options.namespaces.length ? options.namespaces : [undefined];
        const secrets = type.metadataOnly === true;
        const lists: KubeList[] = [];
        for (const ns of scopes) {
          // Names and keys only must hold on the wire too: Secrets are listed as metadata.
          lists.push(
            await (secrets
              ? client.listMetadata(type.plural, type.group, ns, options.signal)
              : client.list(type.plural, type.group, ns, undefined, options.signal)),
          );
        }
        let items = lists.flatMap((l) => l.items);
        if (secrets) items = items.map(secretWithoutValues);
        if (type.plural === 'pods' && type.group === '') pods = items;
        const redact = options.redact;
        const shown = redact ? items.map((item) => redactStructure(item, redact)) : items;
        writePrivateFile(join(options.out, file), kubectlJson({ apiVersion: 'v1', items: shown, kind: 'List', metadata: { resourceVersion: '' } }));
        objects += items.length;
        written++;
      } catch (error) {
        failures.push({ what: file, error: describeFailure(error) });
      }
      progress('resources', ++done, types.length);
    },
    options.signal,
  );

  // Logs: current and previous instance of every container that has run, streamed to disk.
  const jobs = logJobs(pods);
  let logs = 0;
  done = 0;
  progress('logs', 0, jobs.length);
  await pool(
    jobs,
    CONCURRENCY,
    async (job) => {
      const file = logFile(options.out, job.namespace, job.pod, job.container, job.previous);
      const what = file.slice(options.out.length + 1);
      const deadline = AbortSignal.timeout(LOG_TIMEOUT_MS);
      const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
      try {
        const stream = await client.podLogStream(
          job.namespace,
          job.pod,
          { container: job.container, previous: job.previous, timestamps: true, sinceSeconds: options.sinceSeconds },
          signal,
        );
        makePrivateDir(dirname(file));
        if (options.redact) await pipeline(stream, redactingLines(options.redact), privateWriteStream(file), { signal });
        else await pipeline(stream, privateWriteStream(file), { signal });
        logs++;
      } catch (error) {
        rmSync(file, { force: true });
        const why = deadline.aborted ? `not complete within ${LOG_TIMEOUT_MS / 1000}s` : describeFailure(error);
        failures.push({ what, error: why });
      }
      progress('logs', ++done, jobs.length);
    },
    options.signal,
  );

  // files/: what the plan's HTTP endpoints answered at capture time.
  const targets = options.http ?? [];
  progress('files', 0, targets.length);
  const http = await captureHttpFiles(
    targets,
    join(options.out, 'files'),
    options.env,
    options.signal,
    (n) => progress('files', n, targets.length),
    options.redact,
  );
  failures.push(...http.failures);

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    // The source's own words when it is a bundle, so a capture of a replay says what it said.
    capturedAt: !options.now && client.capturedAt ? client.capturedAt : capturedAt.toISOString(),
    context: options.context,
    serverVersion: serverVersion as BundleManifest['serverVersion'],
    namespaces: options.namespaces,
    ...(options.namespaces.length === 0 ? { allNamespaces: true } : {}),
    ...(options.since ? { since: options.since } : {}),
    redacted: options.redact !== undefined,
    failures: failures.sort((a, b) => a.what.localeCompare(b.what)),
  };
  writePrivateFile(join(options.out, 'bundle.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, resources: written, objects, logs, files: http.written };
}
