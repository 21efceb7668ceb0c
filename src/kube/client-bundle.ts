// `--bundle DIR`: the bundle served by an in-process replay server and read through the
// same client as a live cluster, so live and offline share one code path. The server
// starts on first use and never keeps the process alive.
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AccessReview, ClusterSource, KubeList, PodLogOptions } from './cluster';
import { openBundle, type Bundle } from './bundle';
import { LiveCluster, type ClusterProbe, type ServerVersion } from './client';
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
  /** Valid while this process runs: kubectl checks reach the in-process replay through it. */
  readonly kubectlFlags: string[];
  readonly capturedAt: string;
  readonly bundle: Bundle;
  private readonly kubeconfigFile: string;
  private started?: Promise<{ server: ReplayServer; live: LiveCluster }>;

  constructor(dir: string) {
    this.bundle = openBundle(dir);
    this.capturedAt = this.bundle.manifest.capturedAt;
    this.description = `bundle ${dir} (context ${this.bundle.manifest.context}, captured ${this.capturedAt})`;
    this.kubeconfigFile = privateKubeconfigPath();
    this.kubectlFlags = ['--kubeconfig', this.kubeconfigFile];
  }

  private start(): Promise<{ server: ReplayServer; live: LiveCluster }> {
    // The replay server loads on first use: a walk draws before it reads the cluster.
    this.started ??= import('./replay/server').then(({ startReplay }) => startReplay(this.bundle.dir, { unref: true })).then((server) => {
      writePrivateFile(this.kubeconfigFile, server.kubeconfig());
      const target = {
        contextName: 'triage-replay',
        files: [this.kubeconfigFile],
        clusterName: 'triage-replay',
        cluster: { server: server.url, 'certificate-authority-data': Buffer.from(server.certificate).toString('base64') },
        userName: 'triage-replay',
        user: { token: server.token },
        namespace: this.bundle.manifest.namespaces[0] ?? 'default',
        kubectlFlags: this.kubectlFlags,
      };
      return { server, live: new LiveCluster(target, {}, this.capturedAt, this.description) };
    });
    return this.started;
  }

  /** The client reading the replay: capture and the kubectl kind need its server running. */
  async client(): Promise<LiveCluster> {
    return (await this.start()).live;
  }

  async list(plural: string, group: string, namespace?: string, labelSelector?: string): Promise<KubeList> {
    return (await this.client()).list(plural, group, namespace, labelSelector);
  }

  async podLog(namespace: string, pod: string, options: PodLogOptions): Promise<string> {
    return (await this.client()).podLog(namespace, pod, options);
  }

  async followLog(namespace: string, pod: string, options: PodLogOptions, onChunk: (text: string) => void, signal: AbortSignal): Promise<void> {
    return (await this.client()).followLog(namespace, pod, options, onChunk, signal);
  }

  async canI(verb: string, resource: string, group?: string, namespace?: string): Promise<AccessReview> {
    return (await this.client()).canI(verb, resource, group, namespace);
  }

  async serverVersion(): Promise<ServerVersion> {
    return (await this.client()).serverVersion();
  }

  async probe(): Promise<ClusterProbe> {
    try {
      return await (await this.client()).probe();
    } catch (error) {
      return { reachable: false, description: this.description, error: (error as Error).message };
    }
  }

  async warm(): Promise<void> {
    // A replay that cannot start says so in each check; warming only moves the wait before them.
    await this.probe();
  }

  async close(): Promise<void> {
    const started = await this.started?.catch(() => undefined);
    await started?.live.close();
    await started?.server.close();
    rmSync(dirname(this.kubeconfigFile), { recursive: true, force: true });
  }
}
