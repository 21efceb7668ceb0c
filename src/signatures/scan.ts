// Scanning inputs with the library: files, directories, `-` (stdin), gzip, JUnit XML and
// Kubernetes lists, each recognised by its content. Every input is one pass of the
// matcher; results come back as matches, counts and unexplained templates.

import { closeSync, createReadStream, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream';
import type { Bucket, Evidence, ProblemClass } from '../model';
import { caseTitle, isFailing, readJunitFile } from '../checks/junit-parse';
import { InputError } from '../errors';
import { Classifier } from './classifier';
import { compileLibrary, kindBit, type MatcherSpec } from './compile';
import { fallbackModel } from './fallback';
import { isKubeList, kubeListLines, type ContextLine } from './kube-lines';
import { LineMatcher } from './matcher';
import type { ScanState } from './scan-state';
import type { MatcherTables } from './matcher-tables';
import { canUseWorkers, PARALLEL_MIN_BYTES, scanFileParallel } from './parallel';
import { scanFileRange, scanStream, scanText } from './read';
import type { Signature, SignatureScope } from './schema';
import { redactUnexplained, type UnexplainedEntry } from './unexplained';
import { localeOrder } from '../text-order';

/** The library ready to match: signatures, their compiled form, the matcher and the fallback classifier. */
export interface Library {
  signatures: Signature[];
  spec: MatcherSpec;
  matcher: LineMatcher;
  /** The fallback tier's classifier, made on first use (most scans never need it). */
  classifier(): Classifier;
}

/**
 * `spec`: the compiled form when it is at hand (the cache); compiled here otherwise.
 * `knownModel`: where a fallback model made before can be had (the cache); it is read, and
 * checked against these signatures, only when a line first needs classifying.
 * `tables`: the matcher's tables built before for this very spec (the cache).
 */
export function prepareLibrary(signatures: Signature[], spec: MatcherSpec = compileLibrary(signatures), knownModel?: () => unknown, tables?: MatcherTables): Library {
  let classifier: Classifier | undefined;
  return { signatures, spec, matcher: new LineMatcher(spec, tables), classifier: () => (classifier ??= new Classifier(fallbackModel(signatures, knownModel?.()))) };
}

export interface ScanMatch {
  signature: string;
  bucket: Bucket;
  class: ProblemClass;
  source: string;
  line: number;
  text: string;
  /** What fills replay placeholders: the object or file the line is about, and named groups. */
  context: Record<string, string>;
}

export interface ScanResult {
  matches: ScanMatch[];
  /** Matches per signature id, counted past the matches kept. */
  counts: Record<string, number>;
  unexplained: UnexplainedEntry[];
  /** Inputs that could not be read or parsed; the scan went on without them. */
  problems: string[];
  bytes: number;
  inputs: number;
}

/**
 * What a scan may show: every line of text, source and replay value redacted, unexplained
 * templates made again from redacted examples. Matched lines are kept whole until here, so
 * a secret is whole when the rules see it.
 */
export function redactScanResult(result: ScanResult, redactText: (text: string) => string): ScanResult {
  return {
    ...result,
    matches: result.matches.map((m) => ({
      ...m,
      source: redactText(m.source),
      text: redactText(m.text),
      context: Object.fromEntries(Object.entries(m.context).map(([k, v]) => [k, redactText(v)])),
    })),
    unexplained: redactUnexplained(result.unexplained, redactText),
    problems: result.problems.map(redactText),
  };
}

const MAX_JSON_BYTES = 256 << 20;
const SKIP_DIRS = new Set(['.git', 'node_modules']);

/** A bundle's log path names the pod it came from: logs/<namespace>/<pod>/<container>[.previous].log */
function pathContext(path: string): Record<string, string> {
  const m = /(?:^|\/)logs\/([^/]+)\/([^/]+)\/([^/]+?)(?:\.previous)?\.log$/.exec(path);
  return m ? { namespace: m[1]!, pod: m[2]!, container: m[3]! } : {};
}

class Collector {
  readonly matches: ScanMatch[] = [];
  readonly counts: Record<string, number> = {};
  private readonly unexplained = new Map<string, UnexplainedEntry>();
  readonly problems: string[] = [];
  bytes = 0;
  inputs = 0;

  constructor(private readonly library: Library) {}

  /** Folds one scanned source in; `lines` maps line numbers of text scanned from memory back to their origin. */
  add(state: ScanState, fileContext: Record<string, string>, lines?: readonly ContextLine[]): void {
    const sigs = this.library.signatures;
    state.counts.forEach((n, i) => {
      if (n) this.counts[sigs[i]!.id] = (this.counts[sigs[i]!.id] ?? 0) + n;
    });
    for (const m of state.matches) {
      const sig = sigs[m.sig]!;
      const origin = lines?.[m.line - 1];
      const source = origin?.source ?? state.source;
      const line = origin?.line ?? m.line;
      const context = { ...fileContext, ...(origin?.context ?? {}), file: source.replace(/#.*$/, ''), line: String(line), ...(m.captures ?? {}) };
      this.matches.push({ signature: sig.id, bucket: sig.bucket, class: sig.class, source, line, text: m.text, context });
    }
    for (const u of state.unexplained.values()) {
      const origin = lines?.[u.line - 1];
      const mine = this.unexplained.get(u.template);
      if (mine) mine.count += u.count;
      else this.unexplained.set(u.template, { ...u, source: origin?.source ?? u.source, line: origin?.line ?? u.line });
    }
  }

  result(): ScanResult {
    const unexplained = [...this.unexplained.values()].sort((a, b) => b.count - a.count || localeOrder(a.template, b.template));
    return { matches: this.matches, counts: this.counts, unexplained, problems: this.problems, bytes: this.bytes, inputs: this.inputs };
  }
}

function sniff(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Lines gathered before they are matched: a report is scanned in pieces of about this many characters. */
const JUNIT_BATCH_CHARS = 4 << 20;

/**
 * The lines of a JUnit report worth matching (failing cases' messages, stacks and output,
 * each suite's output), handed to `scan` in batches as the report streams past.
 */
function scanJunitFile(path: string, source: string, scan: (lines: ContextLine[]) => void): void {
  let batch: ContextLine[] = [];
  let chars = 0;
  const flush = () => {
    if (batch.length) scan(batch);
    batch = [];
    chars = 0;
  };
  const add = (texts: (string | undefined)[], origin: string, line: number, context: Record<string, string>) => {
    for (const text of texts) {
      if (text === undefined) continue;
      for (const l of text.split('\n')) batch.push({ text: l, source: origin, line, context });
      chars += text.length;
    }
    if (chars >= JUNIT_BATCH_CHARS) flush();
  };
  readJunitFile(path, source, {
    keepCases: false,
    onCase(test, suite) {
      if (!isFailing(test)) return;
      const context = { suite: suite.name, test: test.name, ...(test.file ? { testFile: test.file } : {}) };
      add([test.message, test.details, test.systemOut, test.systemErr], `${source}#${caseTitle(test)}`, test.line ?? 0, context);
    },
    onSuite(suite) {
      add([suite.systemOut, suite.systemErr], `${source}#${suite.name}`, 0, { suite: suite.name });
    },
  });
  flush();
}

export interface ScanOptions {
  cwd: string;
  stdin?: NodeJS.ReadableStream;
  /** Split large files across threads (default: when the built CLI runs). */
  parallel?: boolean;
}

/** Scans files, directories and `-`; an unreadable input is recorded in `problems`, not fatal. */
export async function scanPaths(library: Library, paths: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const collector = new Collector(library);
  const parallel = options.parallel ?? canUseWorkers();
  const { matcher } = library;
  const shown = (p: string) => {
    const rel = relative(options.cwd, p);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
  };

  const scanLines = (lines: ContextLine[], source: string, kind: SignatureScope) => {
    const state = matcher.begin(source, kindBit(kind));
    scanText(matcher, state, lines.map((l) => l.text));
    collector.add(state, {}, lines);
  };

  const scanFile = async (path: string, size: number) => {
    const source = shown(path);
    collector.inputs++;
    collector.bytes += size;
    const head = sniff(path);
    if (head[0] === 0x1f && head[1] === 0x8b) {
      const state = matcher.begin(source, kindBit('logs'));
      // pipeline, not pipe(): a read error reaches the stream read here instead of having no listener.
      await scanStream(matcher, state, pipeline(createReadStream(path), createGunzip(), () => {}));
      collector.add(state, pathContext(source));
      return;
    }
    const start = head.toString('utf8', 0, Math.min(head.length, 512)).replace(/^\uFEFF/, '').trimStart();
    if (start.startsWith('<') && /<testsuites?[\s>]/.test(head.toString('utf8'))) {
      scanJunitFile(path, source, (lines) => scanLines(lines, source, 'tests'));
      return;
    }
    if (start.startsWith('{') && size <= MAX_JSON_BYTES) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        json = undefined;
      }
      const lines = json === undefined ? undefined : kubeListLines(json, source);
      if (lines) {
        scanLines(lines, source, 'events');
        return;
      }
      // Other lists (ConfigMaps, Services, ...) are configuration, not failures: line by line they would only report settings naming "timeout".
      if (isKubeList(json)) return;
    }
    const state = matcher.begin(source, kindBit('logs'));
    if (parallel && size >= PARALLEL_MIN_BYTES) await scanFileParallel(matcher, state, path, size);
    else scanFileRange(matcher, state, path);
    collector.add(state, pathContext(source));
  };

  // Real paths already scanned: a symlink to a folder is followed once, a loop of them ends, a file reached by two names counts once.
  const seen = new Set<string>();
  const walk = async (path: string) => {
    let st;
    let real: string;
    try {
      st = statSync(path);
      real = realpathSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      collector.problems.push(`${shown(path)}: ${code === 'ENOENT' ? 'not found' : code === 'ELOOP' ? 'a symlink loop' : (error as Error).message}`);
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    if (st.isDirectory()) {
      const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) if (!(e.isDirectory() && SKIP_DIRS.has(e.name))) await walk(join(path, e.name));
      return;
    }
    if (!st.isFile()) return;
    try {
      await scanFile(path, st.size);
    } catch (error) {
      // Not scanned after all: it counts as a problem, not as an input.
      collector.inputs--;
      collector.bytes -= st.size;
      if (error instanceof InputError) collector.problems.push(error.message);
      else collector.problems.push(`${shown(path)}: ${(error as Error).message}`);
    }
  };

  for (const p of paths) {
    if (p === '-') {
      if (!options.stdin) throw new Error('no standard input to read');
      const state = matcher.begin('(stdin)', kindBit('logs'));
      await scanStream(matcher, state, options.stdin as AsyncIterable<Buffer>);
      collector.inputs++;
      collector.add(state, {});
    } else await walk(resolve(options.cwd, p));
  }
  return collector.result();
}

/**
 * Runs the matcher over evidence a check collected (events, log lines, test failures):
 * the walk's way into the library. Every signature applies, whatever its `in`.
 */
export function scanEvidence(library: Library, evidence: readonly Evidence[]): ScanResult {
  const collector = new Collector(library);
  const lines: ContextLine[] = [];
  evidence.forEach((e) => {
    for (const text of e.text.split('\n')) lines.push({ text, source: e.source, line: 0, context: pathContext(e.source) });
  });
  const { matcher } = library;
  const state = matcher.begin('evidence', kindBit('logs') | kindBit('events') | kindBit('tests'));
  scanText(matcher, state, lines.map((l) => l.text));
  collector.add(state, {}, lines);
  return collector.result();
}
