import { flagChoice, flagList, flagString, UsageError } from '../args';
import { EXIT, type Command, type Io } from '../command';
import { loadPlan } from '../../plan/load';
import { CLASSES, type ProblemClass } from '../../model';
import { rankHypotheses, type Hypothesis } from '../../signatures/hypotheses';
import { openLibrary } from '../../signatures/library';
import { redactScanResult, scanPaths, type ScanResult } from '../../signatures/scan';
import { clipRedacted, redactorFor, rulesFromPlan } from '../../investigation/redact';

const TOP = 3;
const UNEXPLAINED_SHOWN = 15;

const CLASS_HEADINGS: Record<ProblemClass, string> = {
  contract: 'Contract problems (the test may be stale)',
  product: 'Product problems',
  environment: 'Environment problems',
  tooling: 'Tooling problems',
};

/** Text in the report is redacted already (redactScanResult); cutting it again keeps no token's start. */
function clipLine(text: string, width = 160): string {
  return clipRedacted(text, width, (t) => t);
}

function where(source: string, line: number): string {
  return line > 0 ? `${source}:${line}` : source;
}

function describe(h: Hypothesis, rank: number | undefined, out: string[]): void {
  const head = `${rank !== undefined ? `${rank}. ` : ''}${h.bucket} · ${h.class} · score ${h.score}`;
  const pad = rank !== undefined ? '     ' : '    ';
  out.push(`  ${head}`);
  out.push(`${pad}${h.hypothesis.replace(/\s+/g, ' ')}`);
  out.push(`${pad}next: ${h.next}`);
  if (h.replay) out.push(`${pad}replay: ${h.replay}`);
  out.push(`${pad}signatures: ${h.signatures.map((s) => `${s.id} ×${s.count}`).join(', ')}`);
  if (rank !== undefined) for (const e of h.evidence.slice(0, 3)) out.push(`${pad}  ${clipLine(`${where(e.source, e.line)}  ${e.text.trim()}`)}`);
}

function textReport(result: ScanResult, hypotheses: Hypothesis[]): string {
  const out: string[] = [];
  const signatures = Object.keys(result.counts).length;
  const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
  const mb = (result.bytes / 1e6).toFixed(1);
  out.push(`${result.inputs} input(s), ${mb} MB: ${total} match(es) from ${signatures} distinct signature(s), ${result.unexplained.length} unexplained template(s)`);
  if (hypotheses.length) {
    out.push('', 'Most likely blockers');
    hypotheses.slice(0, TOP).forEach((h, i) => describe(h, i + 1, out));
    for (const cls of CLASSES) {
      const rest = hypotheses.slice(TOP).filter((h) => h.class === cls);
      if (!rest.length) continue;
      out.push('', CLASS_HEADINGS[cls]);
      for (const h of rest) describe(h, undefined, out);
    }
  } else out.push('', 'No known signature matched.');
  if (result.unexplained.length) {
    out.push('', 'Unexplained: error-looking lines no signature knows (draft one: triage signatures new --from-line "LINE")');
    for (const u of result.unexplained.slice(0, UNEXPLAINED_SHOWN)) {
      out.push(`  ${String(u.count).padStart(6)}×  ${clipLine(u.template, 150)}`);
      out.push(`           e.g. ${clipLine(where(u.source, u.line), 150)}`);
    }
    if (result.unexplained.length > UNEXPLAINED_SHOWN) out.push(`  … ${result.unexplained.length - UNEXPLAINED_SHOWN} more (--format json lists them all)`);
  }
  return `${out.join('\n')}\n`;
}

function jsonReport(result: ScanResult, hypotheses: Hypothesis[]): string {
  return `${JSON.stringify(
    {
      matches: result.matches.map((m) => ({ signature: m.signature, bucket: m.bucket, class: m.class, source: m.source, line: m.line, text: m.text })),
      hypotheses: hypotheses.map((h) => ({
        bucket: h.bucket,
        class: h.class,
        score: h.score,
        signatures: h.signatures.map((s) => s.id),
        hypothesis: h.hypothesis,
        next: h.next,
        replay: h.replay ?? null,
      })),
      unexplained: result.unexplained.map((u) => ({ template: u.template, count: u.count, example: u.example })),
    },
    null,
    2,
  )}\n`;
}

/** Replay placeholders from the flags and the plan, and the plan's redaction (stdout gets it too). */
function fromPlan(args: Parameters<Command['run']>[0], io: Io): { defaults: { namespace?: string; trace?: string }; redactText: (text: string) => string } {
  const { plan, file } = loadPlan(io.cwd, flagString(args, 'plan'));
  const rules = rulesFromPlan(plan.redact, file);
  io.redaction?.use(rules);
  const namespace = flagList(args, 'namespace')[0] ?? plan.namespaces[0];
  const trace = flagString(args, 'trace') ?? plan.traceId;
  return { defaults: { ...(namespace ? { namespace } : {}), ...(trace ? { trace } : {}) }, redactText: redactorFor(rules) };
}

export const command: Command = {
  name: 'scan',
  usage: 'triage scan PATH... [--format text|json]',
  flags: [{ name: 'format', type: 'string', value: 'text|json', description: 'hypotheses for a person (text) or everything as JSON' }],
  help: `Matches the signature library against log files, directories (recursively), gzip files,
JUnit XML reports (recognised by content: failure and error messages, system-out/err),
Kubernetes lists such as a bundle's resources/events.json and pods.json, or - (stdin).
Prints the most likely blocker classes first, as "check X because Y", with the next place
to look and a replay command; then the error-looking lines no signature explains.
Exit code 1 when any signature matched, 0 when none did.`,
  async run(args, io) {
    const format = flagChoice(args, 'format', ['text', 'json'] as const, 'text');
    if (args.positionals.length === 0) throw new UsageError('give at least one PATH (a file, a directory, or - for stdin)');
    const { defaults, redactText } = fromPlan(args, io);
    const { library, problems } = openLibrary(io.cwd, flagList(args, 'signatures'), io.env);
    for (const p of problems) io.stderr.write(`triage: signature not loaded: ${p.message}\n`);
    // Redacted before anything is ranked, templated again or cut: what is shown never held a secret.
    const result = redactScanResult(await scanPaths(library, args.positionals, { cwd: io.cwd, stdin: io.stdin }), redactText);
    for (const p of result.problems) io.stderr.write(`triage scan: ${p}\n`);
    if (result.inputs === 0) {
      // Each input that could not be read said why above; with none, there is nothing to add.
      if (result.problems.length === 0) io.stderr.write('triage scan: nothing was scanned\n');
      return EXIT.usage;
    }
    const hypotheses = rankHypotheses(result, library, defaults);
    io.stdout.write(format === 'json' ? jsonReport(result, hypotheses) : textReport(result, hypotheses));
    return result.matches.length > 0 ? EXIT.found : EXIT.ok;
  },
};
