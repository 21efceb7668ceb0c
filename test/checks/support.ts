// Real local things for check tests: loopback servers, a listener that never accepts, temp dirs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOne } from '../../src/checks/runner';
import type { Check } from '../../src/checks/types';
import type { CheckResult } from '../../src/model';
import { planSchema } from '../../src/plan/schema';

export interface RunSetup {
  timeoutMs?: number;
  baseDir?: string;
  env?: Record<string, string | undefined>;
  now?: () => Date;
  signal?: AbortSignal;
}

/** Run one check the way the walk does: through the runner, with its deadline and signal. */
export function run(check: Check, setup: RunSetup = {}): Promise<CheckResult> {
  return runOne(check, {
    defaultTimeoutMs: setup.timeoutMs ?? 5000,
    ...(setup.signal ? { signal: setup.signal } : {}),
    context: {
      plan: planSchema.parse({}),
      baseDir: setup.baseDir ?? process.cwd(),
      env: setup.env ?? process.env,
      now: setup.now ?? (() => new Date()),
    },
  });
}

export interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 and an ephemeral port; close() also drops open connections. */
export async function serve(handler: http.RequestListener): Promise<Served> {
  const server = http.createServer(handler);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface ColdListener {
  port: number;
  /** Start accepting (and answering HTTP 200 `ok`): the listener "warms up". */
  warm(): void;
  close(): void;
}

/**
 * A listener whose accept queue is full, so the kernel drops new SYNs and a connect
 * hangs: the shape of a cold first connection. Node always accepts, so a tiny perl
 * (perl-base is on every Debian) holds the socket with backlog 0 and accepts nothing
 * until told to.
 */
export async function coldListener(): Promise<ColdListener> {
  const script = `
    use Socket;
    socket(my $s, PF_INET, SOCK_STREAM, 0) or die;
    bind($s, pack_sockaddr_in(0, inet_aton("127.0.0.1"))) or die;
    listen($s, 0) or die;
    my ($port) = unpack_sockaddr_in(getsockname($s));
    $| = 1; print "$port\\n";
    my $go = <STDIN>; exit 0 unless defined $go;
    while (accept(my $c, $s)) {
      my $buf = '';
      while (sysread($c, my $b, 4096)) { $buf .= $b; last if $buf =~ /\\r\\n\\r\\n/; }
      syswrite($c, "HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok");
      close($c);
    }`;
  const perl: ChildProcess = spawn('perl', ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    perl.once('error', reject);
    perl.stdout!.once('data', (d) => resolve(Number(String(d).trim())));
  });
  // Fill the one-slot accept queue; every later SYN is dropped until perl accepts.
  const filler = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => filler.once('connect', () => resolve()));
  filler.write('GET / HTTP/1.0\r\n\r\n');
  filler.on('error', () => {});
  return {
    port,
    warm: () => perl.stdin!.write('go\n'),
    close: () => {
      filler.destroy();
      perl.kill();
    },
  };
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'triage-checks-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Whether a process with this pid is still there (signal 0 only asks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
