// Faults made for real on loopback and on this machine: a port that never answers, a TLS
// handshake that never comes, an API that flaps or crawls (a proxy in front of the real
// replay server), a full disk, and the built binary run as CI runs it.
import { inject } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { replayCertificate } from '../../src/kube/replay/certificate';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/triage.js');

export interface BinaryRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** It had to be killed: it would have hung. */
  hung: boolean;
}

/**
 * The built CLI as CI runs it; killed (and reported hung) after `limitMs`. Without an `env`,
 * none of the person's: its cache is the suite's own (test/global-setup.ts), where the
 * signature library is compiled once for every run.
 */
export function binary(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; limitMs?: number; nodeArgs?: string[]; onStart?: (child: ChildProcess) => void },
): Promise<BinaryRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
      cwd: options.cwd,
      env: options.env ?? { PATH: process.env.PATH ?? '', HOME: options.cwd, USER: 'tester', XDG_CACHE_HOME: inject('binaryCache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.onStart?.(child);
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, options.limitMs ?? 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started), hung });
    });
  });
}

const dirs: string[] = [];

export function tempDir(prefix = 'triage-faults-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose command line holds `marker` (the test's own children included). */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      // A zombie has no command line; only live processes count.
      if (cmdline.includes(marker) && !/\bState:\s+Z/.test(readFileSync(`/proc/${name}/status`, 'utf8'))) pids.push(Number(name));
    } catch {
      // gone while we looked
    }
  }
  return pids;
}

export async function until(condition: () => boolean, limitMs = 10_000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}

export interface Listener {
  port: number;
  close(): void;
}

/**
 * A black hole on loopback: a socket that listens with a backlog of 0 and never accepts
 * (node always accepts, so perl holds it). The kernel completes the first handshake into
 * the one-slot queue; every later SYN is dropped. `filled` takes that slot first.
 */
export async function blackHole(filled = false): Promise<Listener> {
  const script = `
    use Socket;
    socket(my $s, PF_INET, SOCK_STREAM, 0) or die;
    bind($s, pack_sockaddr_in(0, inet_aton("127.0.0.1"))) or die;
    listen($s, 0) or die;
    my ($port) = unpack_sockaddr_in(getsockname($s));
    $| = 1; print "$port\\n";
    my $wait = <STDIN>; exit 0;`;
  const perl = spawn('perl', ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    perl.once('error', reject);
    perl.stdout!.once('data', (d) => resolve(Number(String(d).trim())));
  });
  let filler: net.Socket | undefined;
  if (filled) {
    filler = net.connect(port, '127.0.0.1');
    filler.on('error', () => {});
    await new Promise<void>((resolve) => filler!.once('connect', () => resolve()));
  }
  return {
    port,
    close: () => {
      filler?.destroy();
      perl.kill();
    },
  };
}

/** Accepts TCP and never says a word: a TLS handshake (or an HTTP answer) that never comes. */
export async function silentServer(): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

export interface Served extends Listener {
  url: string;
  /** Requests seen, in order: method, path and when (ms since start). */
  seen: { method: string; path: string; at: number }[];
}

/** An HTTP server on loopback whose answers come from `answer(n, req)` (n counts from 0). */
export async function httpServer(
  answer: (n: number, req: http.IncomingMessage, res: http.ServerResponse) => void,
  tls?: { cert: string; key: string },
): Promise<Served> {
  const seen: Served['seen'] = [];
  const started = performance.now();
  const sockets = new Set<net.Socket>();
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', at: Math.round(performance.now() - started) });
    answer(seen.length - 1, req, res);
  };
  const server = tls ? https.createServer(tls, handle) : http.createServer(handle);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    seen,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** What the proxy does with request `n`: pass it on (after `delayMs`), or answer it itself. */
export type ProxyPlan = (n: number, req: http.IncomingMessage) => { delayMs?: number; status?: number; retryAfter?: string };

/**
 * A proxy in front of a real API (the replay server): requests pass through unchanged,
 * except those the plan answers itself (429, 503) or holds back (a slow API).
 */
export async function faultyProxy(target: string, plan: ProxyPlan): Promise<Served> {
  const upstream = new URL(target);
  // The replay speaks TLS and wants its token: the proxy speaks TLS too (its own loopback
  // certificate; the kubeconfig made by kubeconfigVia skips verifying it) and passes the token on.
  const tls = upstream.protocol === 'https:' ? replayCertificate() : undefined;
  const client = upstream.protocol === 'https:' ? https : http;
  return httpServer(
    (n, req, res) => {
      const step = plan(n, req);
      if (step.status !== undefined) {
        req.resume();
        const body = JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: `injected ${step.status}`,
          reason: step.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
          code: step.status,
        });
        res.writeHead(step.status, { 'Content-Type': 'application/json', ...(step.retryAfter ? { 'Retry-After': step.retryAfter } : {}) });
        res.end(body);
        return;
      }
      const forward = () => {
        const out = client.request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: upstream.host },
            rejectUnauthorized: false,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        out.on('error', () => res.destroy());
        req.pipe(out);
      };
      if (step.delayMs) setTimeout(forward, step.delayMs);
      else forward();
    },
    tls && { cert: tls.cert, key: tls.key },
  );
}

/** A kubeconfig like `original` whose server is `server` (a token the replay asks for carries over). */
export function kubeconfigVia(original: string, server: string): string {
  const moved = original.replace(/server:\s*\S+/, `server: ${server}`);
  // A proxy on loopback with its own certificate: trust it without the replay's authority.
  return server === original.match(/server:\s*(\S+)/)?.[1] ? moved : moved.replace(/certificate-authority-data:\s*\S+/, 'insecure-skip-tls-verify: true');
}

/** A small tmpfs at a new folder, or undefined where mounting is not allowed (not root, a container). */
export function smallTmpfs(sizeKb: number): { dir: string; unmount(): void } | undefined {
  const dir = tempDir('triage-tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0755`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return {
    dir,
    unmount: () => {
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      }
    },
  };
}
