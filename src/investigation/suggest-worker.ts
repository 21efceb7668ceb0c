// The signature library matched off the drawing thread: loading and compiling the
// library takes a few hundred milliseconds, so a worker loads it once and ranks
// hypotheses for whatever evidence it is sent, while the workbench keeps drawing.
// The worker re-runs this module (its URL); under a TypeScript test runner there is no
// .js module to start one from, and the same work runs in this thread instead.

import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Evidence, Fact } from '../model';
import { matchEvidence, type Hypothesis, type ReplayDefaults } from '../signatures/hypotheses';
import { checkLibrary, openLibrary, type LibraryCheck } from '../signatures/library';
import { signatureFacts, type FactLine } from '../signatures/facts';
import { nextTurn, SLICE_MS } from '../turns';

const TAG = 'triage-suggestions';

interface Setup {
  tag: typeof TAG;
  root: string;
  dirs: readonly string[];
  /** Where the compiled-library cache lives (XDG_CACHE_HOME, HOME). */
  env: Readonly<Record<string, string | undefined>>;
}
/** A facts request's lines go as JSON bytes, transferred (see linesAsBytes). */
type Request =
  { id: number; op: 'rank'; evidence: Evidence[]; defaults: ReplayDefaults } | { id: number; op: 'facts'; lines: Uint8Array; defaults: ReplayDefaults };
type Reply = { id: number; hypotheses?: Hypothesis[]; facts?: Fact[] } | { problems: string[] };

export interface SignatureMatcher {
  /** Ranked hypotheses for this evidence, most likely first. */
  match(evidence: Evidence[], defaults: ReplayDefaults): Promise<Hypothesis[]>;
  /** One fact per signature and subject over these lines. */
  facts(lines: FactLine[], defaults: ReplayDefaults): Promise<Fact[]>;
  close(): void;
}

/**
 * The library (built-in, `.triage/signatures` under `root`, `dirs`) behind a matcher; file
 * problems go to `onProblems`. `thread-if-cached`: matched in this thread when the library
 * comes from the cache, for a caller that draws nothing meanwhile (`triage run`), which then
 * pays no worker start (a second module graph); a library to load and compile from its files
 * (seconds) still is, in a worker, so the walk's own reads and deadlines go on meanwhile.
 */
export function startMatcher(
  root: string,
  dirs: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  onProblems: (problems: string[]) => void,
  where: 'worker' | 'thread-if-cached' = 'worker',
): SignatureMatcher {
  // Only what the cache needs crosses into the worker.
  const cacheEnv = { XDG_CACHE_HOME: env.XDG_CACHE_HOME, HOME: env.HOME };
  const checked = where === 'thread-if-cached' ? checkLibrary(root, dirs, cacheEnv) : undefined;
  return !checked?.cached && import.meta.url.endsWith('.js')
    ? inWorker({ tag: TAG, root, dirs, env: cacheEnv }, onProblems)
    : inThread(root, dirs, cacheEnv, onProblems, checked);
}

/** `checked`: the check that chose this thread, whose cache key the first match (right after it) opens the library with. */
function inThread(
  root: string,
  dirs: readonly string[],
  env: Setup['env'],
  onProblems: (problems: string[]) => void,
  checked?: LibraryCheck,
): SignatureMatcher {
  let opened: ReturnType<typeof openLibrary> | undefined;
  const library = () => {
    if (!opened) {
      opened = openLibrary(root, dirs, env, checked);
      if (opened.problems.length) onProblems(opened.problems.map((p) => p.message));
    }
    return opened.library;
  };
  return {
    match: async (evidence, defaults) => matchEvidence(evidence, library(), defaults),
    facts: async (lines, defaults) => signatureFacts(library(), lines, defaults),
    close: () => {},
  };
}

function inWorker(setup: Setup, onProblems: (problems: string[]) => void): SignatureMatcher {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: setup });
  // Never what keeps the process alive: quitting does not wait for a match.
  worker.unref();
  const waiting = new Map<number, { resolve: (reply: { hypotheses?: Hypothesis[]; facts?: Fact[] }) => void; reject: (e: Error) => void }>();
  let next = 0;
  worker.on('message', (reply: Reply) => {
    if ('problems' in reply) return reply.problems.length ? onProblems(reply.problems) : undefined;
    waiting.get(reply.id)?.resolve(reply);
    waiting.delete(reply.id);
  });
  worker.on('error', (error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  });
  const ask = (request: { op: 'rank'; evidence: Evidence[]; defaults: ReplayDefaults } | { op: 'facts'; lines: Uint8Array; defaults: ReplayDefaults }) =>
    new Promise<{ hypotheses?: Hypothesis[]; facts?: Fact[] }>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } as Request, request.op === 'facts' ? [request.lines.buffer as ArrayBuffer] : []);
    });
  return {
    match: async (evidence, defaults) => (await ask({ op: 'rank', evidence, defaults })).hypotheses ?? [],
    facts: async (lines, defaults) => (await ask({ op: 'facts', lines: await linesAsBytes(lines), defaults })).facts ?? [],
    close: () => void worker.terminate(),
  };
}

/**
 * The lines as JSON in bytes, to transfer rather than copy: a check's tens of thousands of log
 * lines cloned into a postMessage held the workbench for a few hundred milliseconds in one
 * piece. Written line by line and encoded a slice at a time (joining and encoding the whole
 * array at the end was one block of tens of milliseconds), with a turn of the event loop
 * every SLICE_MS.
 */
export async function linesAsBytes(lines: readonly FactLine[]): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let parts: string[] = [];
  let since = performance.now();
  for (const line of lines) {
    parts.push(JSON.stringify(line));
    if (performance.now() - since > SLICE_MS) {
      chunks.push(encoder.encode(`${chunks.length ? ',' : ''}${parts.join(',')}`));
      parts = [];
      await nextTurn();
      since = performance.now();
    }
  }
  if (parts.length) chunks.push(encoder.encode(`${chunks.length ? ',' : ''}${parts.join(',')}`));
  const bytes = new Uint8Array(2 + chunks.reduce((n, c) => n + c.length, 0));
  bytes[0] = 0x5b; // [
  let at = 1;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  bytes[at] = 0x5d; // ]
  return bytes;
}

if (!isMainThread && (workerData as Setup | undefined)?.tag === TAG) {
  const { root, dirs, env } = workerData as Setup;
  const { library, problems } = openLibrary(root, dirs, env);
  parentPort!.postMessage({ problems: problems.map((p) => p.message) } satisfies Reply);
  parentPort!.on('message', (request: Request) => {
    const reply: Reply =
      request.op === 'rank'
        ? { id: request.id, hypotheses: matchEvidence(request.evidence, library, request.defaults) }
        : { id: request.id, facts: signatureFacts(library, JSON.parse(new TextDecoder().decode(request.lines)) as FactLine[], request.defaults) };
    parentPort!.postMessage(reply);
  });
}
