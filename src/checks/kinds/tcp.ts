import net from 'node:net';
import { z } from 'zod';
import type { CheckOutcome } from '../../model';
import { formatDuration, parseDuration } from '../../model/duration';
import { checkIdentity, checkSpecBase, durationText, ownDeadlineMs } from '../spec';
import { shellQuote } from '../shell';
import type { CheckContext, CheckKind } from '../types';

export const tcpSpec = checkSpecBase
  .extend({
    kind: z.literal('tcp'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** How long one connect may take before it is retried once (default: a third of the timeout). */
    connectTimeout: durationText.optional(),
  })
  .strict();
export type TcpSpec = z.infer<typeof tcpSpec>;

interface Connect {
  connected: boolean;
  /** The open connection, when `connected`: the caller closes it. */
  socket?: net.Socket;
  reason?: string;
  timedOut?: boolean;
  dnsMs?: number;
  connectMs: number;
}

function connectOnce(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<Connect> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let lookedUp: number | undefined;
    const socket = net.connect({ host, port });
    const finish = (result: Omit<Connect, 'connectMs' | 'dnsMs'>) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (result.connected) {
        socket.on('error', () => {});
        result.socket = socket;
      } else socket.destroy();
      const now = performance.now();
      resolve({
        ...result,
        ...(lookedUp === undefined ? {} : { dnsMs: Math.round(lookedUp - started) }),
        connectMs: Math.round(now - (lookedUp ?? started)),
      });
    };
    const onAbort = () => {
      clearTimeout(timer);
      socket.destroy();
      reject(signal.reason ?? new Error('aborted'));
    };
    const timer = setTimeout(() => finish({ connected: false, timedOut: true, reason: `connect timed out after ${formatDuration(timeoutMs)}` }), timeoutMs);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('lookup', () => (lookedUp = performance.now()));
    socket.once('connect', () => finish({ connected: true }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      const reason =
        code === 'ECONNREFUSED'
          ? 'connection refused: nothing listens there'
          : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
            ? `DNS lookup failed for ${host} (${code})`
            : `${error.message}`;
      finish({ connected: false, reason });
    });
  });
}

/** The shortest wait for the confirming connection: a SYN the kernel dropped is resent after 1 s. */
const CONFIRM_MIN_MS = 1500;

/**
 * A connect completes in the kernel as soon as the listener's accept queue has room, even
 * when the program behind it never accepts (hung, black-holed). So a second connection is
 * made while the first is held: a listener that takes no connection out of its queue
 * lets the first in and drops the second's SYN. Resolves true when it could not tell.
 */
async function acceptsConnections(host: string, port: number, waitMs: number, signal: AbortSignal): Promise<boolean> {
  const second = await connectOnce(host, port, waitMs, signal);
  second.socket?.destroy();
  return !second.timedOut;
}

async function runTcp(spec: TcpSpec, ctx: CheckContext): Promise<CheckOutcome> {
  const where = `${spec.host}:${spec.port}`;
  const source = `tcp ${where}`;
  const replay = `nc -vz -w ${Math.max(1, Math.ceil(ctx.timeoutMs / 1000))} ${shellQuote(spec.host)} ${spec.port}`;
  const connectTimeoutMs = (spec.connectTimeout && parseDuration(spec.connectTimeout)) || Math.max(1, Math.round(ctx.timeoutMs / 3));
  const deadlineAt = performance.now() + ownDeadlineMs(ctx.timeoutMs);
  const label = spec.name ? `${spec.name} ${where}` : where;
  const time = () => ctx.now().toISOString();

  let result = await connectOnce(spec.host, spec.port, connectTimeoutMs, ctx.signal);
  const evidence = [];
  let retried = false;
  const left = deadlineAt - performance.now();
  // Same rule as http: a cold first connection is a known false alarm, so a timeout gets one more try.
  if (result.timedOut && left > 0) {
    evidence.push({ text: `${result.reason}; retried once (a cold first connection is a known false alarm)`, source, time: time() });
    retried = true;
    result = await connectOnce(spec.host, spec.port, Math.min(connectTimeoutMs, left), ctx.signal);
  }
  const dns = result.dnsMs === undefined ? '' : `dns ${formatDuration(result.dnsMs)} · `;
  if (result.connected) {
    evidence.push({ text: `connected: ${dns}connect ${formatDuration(result.connectMs)}`, source, time: time() });
    const confirmMs = Math.min(deadlineAt - performance.now(), Math.max(connectTimeoutMs, CONFIRM_MIN_MS));
    let accepting = true;
    try {
      if (confirmMs > 0) accepting = await acceptsConnections(spec.host, spec.port, confirmMs, ctx.signal);
    } finally {
      result.socket?.destroy();
    }
    if (!accepting) {
      const reason = `the kernel took the first connection, but a second got no answer within ${formatDuration(confirmMs)}: nothing accepts connections there (a hung or black-holed listener)`;
      evidence.push({ text: reason, source, time: time() });
      return { status: 'fail', summary: `${label} no answer: ${reason}`, evidence, replay, bucket: 'environment-not-ready' };
    }
    const note = retried ? ' (first connect timed out, retried once)' : '';
    return { status: retried ? 'warn' : 'pass', summary: `${label} reachable, connected in ${formatDuration(result.connectMs)}${note}`, evidence, replay };
  }
  evidence.push({ text: result.reason ?? 'not reachable', source, time: time() });
  // A connect that times out met silence (SYNs dropped): no answer, which is not a refusal.
  const verdict = result.timedOut ? 'no answer' : 'not reachable';
  return {
    status: 'fail',
    summary: `${label} ${verdict}: ${result.reason}${retried ? ' (twice)' : ''}`,
    evidence,
    replay,
    bucket: 'environment-not-ready',
  };
}

export const tcpKind: CheckKind<TcpSpec, typeof tcpSpec> = {
  kind: 'tcp',
  schema: tcpSpec,
  create(spec, step, index) {
    return { ...checkIdentity(spec, step, index, `TCP ${spec.name ?? spec.host}:${spec.port}`), run: (ctx) => runTcp(spec, ctx) };
  },
};
