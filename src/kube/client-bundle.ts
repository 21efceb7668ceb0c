// `--bundle DIR`: the bundle read directly (files parsed once, answers computed in-process
// by the replay's own modules), so a walk pays no HTTP. kubectl checks, capture and the
// replay commands reach the same bundle through an in-process replay server, started only
// when one of them needs it; it never keeps the process alive.
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AccessReview, ClusterProbe, ClusterSource, KubeList, PodLogOptions, ServerVersion } from '../model/cluster';
import { openBundle, type Bundle } from './bundle';
import { LiveCluster } from './client';
import { BundleReader } from './bundle-reader';
import type { ReplayServer } from './replay/server';
import { makePrivateTempDir, writePrivateFile } from '../files';

const kubeconfigDirs: string[] = [];
let cleanupRegistered = false;

/** `triage-replay-<pid>-XXXXXX`: the pid says whether the folder's owner still runs. */
const REPLAY_DIR = /^triage-replay-(\d+)-[A-Za-z0-9]{6}$/;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders left by a triage that was killed (`kill -9` runs no exit handler): their owner is gone. */
function removeStaleReplayDirs(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(REPLAY_DIR.exec(name)?.[1]);
    if (pid && pid !== process.pid && !running(pid)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function privateKubeconfigPath(): string {
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    removeStaleReplayDirs();
    process.once('exit', () => {
      for (const d of kubeconfigDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  const dir = makePrivateTempDir(join(tmpdir(), `triage-replay-${process.pid}-`));
  kubeconfigDirs.push(dir);
  return join(dir, 'kubeconfig');
}

export class BundleCluster implements ClusterSource {
  readonly description: string;
  private readonly flags: string[];
  private closed = false;
  readonly capturedAt: string;
  readonly bundle: Bundle;
  readonly reader: BundleReader;
  private readonly kubeconfigFile: string;
  private started?: Promise<{ server: ReplayServer; live: LiveCluster }>;
  /**
   * Asking for the kubectl flags starts the replay they reach. False: only printed in output
   * that outlives no one (`triage run`), so no server is started for them; a kubectl check
   * still starts it (serveKubectl).
   */
  serveReplayLines = true;

  constructor(dir: string) {
    this.bundle = openBundle(dir);
    this.reader = new BundleReader(this.bundle);
    this.capturedAt = this.bundle.manifest.capturedAt;
    this.description = `bundle ${dir} (context ${this.bundle.manifest.context}, captured ${this.capturedAt})`;
    this.kubeconfigFile = privateKubeconfigPath();
    this.flags = ['--kubeconfig', this.kubeconfigFile];
  }

  /**
   * Valid while this process runs: asking for them starts the in-process replay they reach
   * (serving the bundle already read, so it costs a listening socket), for a replay line
   * that runs as printed. `serveKubectl` waits until it listens.
   */
  get kubectlFlags(): string[] {
    if (!this.closed && this.serveReplayLines) this.start().catch(() => undefined);
    return this.flags;
  }

  private start(): Promise<{ server: ReplayServer; live: LiveCluster }> {
    // The replay server starts on first use, serving what the reader already parsed.
    this.started ??= import('./replay/server')
      .then(({ startReplay }) => startReplay(this.bundle.dir, { unref: true, store: this.reader.store }))
      .then((server) => {
        writePrivateFile(this.kubeconfigFile, server.kubeconfig());
        const target = {
          contextName: 'triage-replay',
          files: [this.kubeconfigFile],
          clusterName: 'triage-replay',
          cluster: { server: server.url, 'certificate-authority-data': Buffer.from(server.certificate).toString('base64') },
          userName: 'triage-replay',
          user: { token: server.token },
          namespace: this.bundle.manifest.namespaces[0] ?? 'default',
          kubectlFlags: this.flags,
        };
        return { server, live: new LiveCluster(target, {}, this.capturedAt, this.description) };
      });
    return this.started;
  }

  /** The client reading the replay: capture needs its server running. */
  async client(): Promise<LiveCluster> {
    return (await this.start()).live;
  }

  /** Start the replay the kubectl flags reach (and write its kubeconfig), before a kubectl process uses them. */
  async serveKubectl(): Promise<void> {
    await this.start();
  }

  async list(plural: string, group: string, namespace?: string, labelSelector?: string): Promise<KubeList> {
    return this.reader.list(plural, group, namespace, labelSelector);
  }

  podLog(namespace: string, pod: string, options: PodLogOptions): Promise<string> {
    return this.reader.podLog(namespace, pod, options);
  }

  followLog(namespace: string, pod: string, options: PodLogOptions, onChunk: (text: string) => void, signal: AbortSignal): Promise<void> {
    return this.reader.followLog(namespace, pod, options, onChunk, signal);
  }

  async canI(verb: string, resource: string, group?: string, namespace?: string): Promise<AccessReview> {
    return this.reader.canI(verb, resource, group, namespace);
  }

  async serverVersion(): Promise<ServerVersion> {
    return { ...this.bundle.manifest.serverVersion };
  }

  async probe(): Promise<ClusterProbe> {
    try {
      void this.reader.store; // opening the store throws when a custom resource's file cannot be read
      return { reachable: true, description: this.description, serverVersion: await this.serverVersion() };
    } catch (error) {
      return { reachable: false, description: this.description, error: (error as Error).message };
    }
  }

  async warm(): Promise<void> {
    // Parse the resource files now, so no check's deadline pays for it; a bad file says so in each check.
    if ((await this.probe()).reachable) {
      try {
        this.reader.store.loadAll();
      } catch {
        // The check that lists that kind reports it.
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const started = await this.started?.catch(() => undefined);
    await started?.live.close();
    await started?.server.close();
    rmSync(dirname(this.kubeconfigFile), { recursive: true, force: true });
  }
}
