import { flagBool, flagChoice, flagList, flagString, UsageError } from '../args';
import { EXIT, type Command, type Io } from '../command';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLASSES, type ProblemClass } from '../../model';
import { rankHypotheses, type Hypothesis } from '../../signatures/hypotheses';
import { shownConfidence } from '../../signatures/fallback-hypotheses';
import { openLibrary } from '../../signatures/library';
import { prestartWorkers, releaseWorkers } from '../../signatures/parallel';
import { redactScanResult, scanPaths, type ScanResult } from '../../signatures/scan';
import { clipRedacted, redactorFor, rulesFromPlan } from '../../redact/redact';

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

/** A fallback guess, marked as weaker than a signature: "~ unnamed — looks like <bucket> (confidence 0.72): cues". */
function describeUnnamed(h: Hypothesis, out: string[]): void {
  out.push(`  ~ unnamed — looks like ${h.bucket} · ${h.class} (confidence ${shownConfidence(h.confidence!)}): ${h.cues!.join(', ')}`);
  out.push(`      ${h.hypothesis.replace(/\s+/g, ' ')}`);
  out.push(`      next: ${h.next}`);
  for (const e of h.evidence.slice(0, 3)) out.push(`        ${clipLine(`${where(e.source, e.line)}  ${e.text.trim()}`)}`);
}

function textReport(result: ScanResult, all: Hypothesis[]): string {
  const out: string[] = [];
  const signatures = Object.keys(result.counts).length;
  const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
  const mb = (result.bytes / 1e6).toFixed(1);
  const hypotheses = all.filter((h) => h.tier === 'signature');
  const unnamed = all.filter((h) => h.tier === 'fallback');
  out.push(
    `${result.inputs} input(s), ${mb} MB: ${total} match(es) from ${signatures} distinct signature(s), ${result.unexplained.length} unexplained template(s)`,
  );
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
  const ofUnnamed = unnamed.filter((h) => !h.secondOpinion);
  const secondOpinions = unnamed.filter((h) => h.secondOpinion);
  if (ofUnnamed.length) {
    out.push('', 'Unnamed: lines no signature names, as the fallback classifier reads them (weaker than a signature)');
    for (const h of ofUnnamed) describeUnnamed(h, out);
  }
  if (secondOpinions.length) {
    out.push('', 'Second opinions: lines a signature named, as the fallback classifier also reads them (weaker than a signature)');
    for (const h of secondOpinions) describeUnnamed(h, out);
  }
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

/** What `--format json` prints for one scan. */
function jsonResult(result: ScanResult, hypotheses: Hypothesis[]) {
  return {
    matches: result.matches.map((m) => ({ signature: m.signature, bucket: m.bucket, class: m.class, source: m.source, line: m.line, text: m.text })),
    hypotheses: hypotheses.map((h) => ({
      tier: h.tier,
      bucket: h.bucket,
      class: h.class,
      score: h.score,
      signatures: h.signatures.map((s) => s.id),
      hypothesis: h.hypothesis,
      next: h.next,
      replay: h.replay ?? null,
      confidence: h.confidence ?? null,
      cues: h.cues ?? [],
      ...(h.secondOpinion ? { secondOpinion: true } : {}),
    })),
    unexplained: result.unexplained.map((u) => ({ template: u.template, count: u.count, example: u.example })),
  };
}

/** Replay placeholders from the flags and the plan, and the plan's redaction (stdout gets it too). */
async function fromPlan(
  args: Parameters<Command['run']>[0],
  io: Io,
): Promise<{ defaults: { namespace?: string; trace?: string }; redactText: (text: string) => string }> {
  const planFlag = flagString(args, 'plan');
  // Without a plan file (loadPlan's default is triage.yaml in cwd) the plan is its defaults:
  // no redaction of its own, no namespaces, no trace id. So the plan's loader, its schema and
  // every check kind's (a sixth of what scan would compile) load only when there is a file.
  const loaded =
    planFlag !== undefined || existsSync(resolve(io.cwd, 'triage.yaml')) ? (await import('../../plan/load')).loadPlan(io.cwd, planFlag) : undefined;
  const plan = loaded?.plan;
  const rules = rulesFromPlan(plan?.redact, loaded?.file);
  io.redaction?.use(rules);
  const namespace = flagList(args, 'namespace')[0] ?? plan?.namespaces[0];
  const trace = flagString(args, 'trace') ?? plan?.traceId;
  return { defaults: { ...(namespace ? { namespace } : {}), ...(trace ? { trace } : {}) }, redactText: redactorFor(rules) };
}

export const command: Command = {
  name: 'scan',
  usage: 'triage scan PATH... [--format text|json] [--each]',
  operands: 'files',
  flags: [
    { name: 'format', type: 'string', choices: ['text', 'json'], description: 'hypotheses for a person (text) or everything as JSON' },
    { name: 'each', type: 'boolean', description: 'scan and rank every PATH on its own: a report per PATH (with --format json, one JSON object per line)' },
  ],
  help: `Matches the signature library against log files, directories (recursively), gzip files,
JUnit XML reports (recognised by content: failure and error messages, system-out/err),
Kubernetes lists such as a bundle's resources/events.json and pods.json, or - (stdin).
Prints the most likely blocker classes first, as "check X because Y", with the next place
to look and a replay command; then, as a weaker tier marked "unnamed", what the fallback
classifier (trained on the library's examples and a corpus of real failures) makes of error-looking lines no
signature names: a bucket, a confidence and the words that decided it; then those lines.
Exit code 1 when any signature matched, 0 when none did (unnamed guesses alone do not count).`,
  async run(args, io) {
    const format = flagChoice(args, 'format', ['text', 'json'] as const, 'text');
    if (args.positionals.length === 0) throw new UsageError('give at least one PATH (a file, a directory, or - for stdin)');
    // A large file's worker threads start now: their startup overlaps loading the plan and the library.
    prestartWorkers(args.positionals.filter((p) => p !== '-').map((p) => resolve(io.cwd, p)));
    const { defaults, redactText } = await fromPlan(args, io);
    const { library, problems } = openLibrary(io.cwd, flagList(args, 'signatures'), io.env);
    for (const p of problems) io.stderr.write(`triage: signature not loaded: ${p.message}\n`);
    // One scan of everything, or (--each) one scan and one ranking per PATH.
    const groups = flagBool(args, 'each') ? args.positionals.map((p) => [p]) : [args.positionals];
    let scanned = 0;
    let unreadable = 0;
    let found = false;
    for (const paths of groups) {
      // Redacted before anything is ranked, templated again or cut: what is shown never held a secret.
      const result = redactScanResult(await scanPaths(library, paths, { cwd: io.cwd, stdin: io.stdin }), redactText);
      for (const p of result.problems) io.stderr.write(`triage scan: ${p}\n`);
      unreadable += result.problems.length;
      if (result.inputs === 0) continue;
      scanned++;
      found ||= result.matches.length > 0;
      const hypotheses = rankHypotheses(result, library, defaults);
      if (groups.length === 1)
        io.stdout.write(format === 'json' ? `${JSON.stringify(jsonResult(result, hypotheses), null, 2)}\n` : textReport(result, hypotheses));
      else
        io.stdout.write(
          format === 'json'
            ? `${JSON.stringify({ input: paths[0], ...jsonResult(result, hypotheses) })}\n`
            : `== ${paths[0]}\n${textReport(result, hypotheses)}\n`,
        );
    }
    releaseWorkers();
    if (scanned === 0) {
      // Each input that could not be read said why above; with none, there is nothing to add.
      if (unreadable === 0) io.stderr.write('triage scan: nothing was scanned\n');
      return EXIT.usage;
    }
    return found ? EXIT.found : EXIT.ok;
  },
};
