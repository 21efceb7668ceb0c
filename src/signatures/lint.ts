// `triage signatures lint` and `test`: what is wrong with a library beyond loading.
// Patterns that cannot run in linear time are load errors already (schema.ts); here
// come a real RE2's verdict on every pattern, the findings that load but deserve a look,
// and the examples run as tests.

import { kindBit } from './compile';
import { signatureLine, type LoadedLibrary } from './load';
import { scanText } from './read';
import { re2Refusal } from '../pattern/re2';
import { parsePattern, requiredAtoms } from './regex';
import type { Library } from './scan';
import { patternSource, type Signature } from './schema';

export interface LintFinding {
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  field?: string;
  message: string;
}

/** Placeholders every match can fill (see scan.ts and kube-lines.ts). */
const CONTEXT_PLACEHOLDERS = new Set(['namespace', 'pod', 'container', 'file', 'line', 'trace', 'node', 'job', 'name', 'suite', 'test', 'testFile']);

export function lintLibrary(loaded: LoadedLibrary, include: (s: Signature) => boolean = () => true): LintFinding[] {
  const findings: LintFinding[] = loaded.problems.map((p) => ({ severity: 'error', file: p.file, line: p.line, field: p.field, message: p.reason }));
  for (const sig of loaded.signatures.filter(include)) {
    const at = (path: (string | number)[]) => ({ file: sig.file, line: signatureLine(sig, path), field: `${sig.id}.${path.join('.')}` });
    const mode = sig.match.any ? 'any' : 'all';
    const names = new Set<string>();
    (sig.match.any ?? sig.match.all!).forEach((p, i) => {
      const refused = re2Refusal(patternSource(p));
      if (refused !== undefined) findings.push({ severity: 'error', ...at(['match', mode, i]), message: refused });
      const parsed = parsePattern(patternSource(p));
      parsed.names.forEach((n) => names.add(n));
      if (requiredAtoms(parsed.tree).length === 0) {
        findings.push({
          severity: 'warning',
          ...at(['match', mode, i]),
          message: 'no literal of 4 or more characters every match must contain: this pattern is tested on every line (slow); add a fixed word',
        });
      }
    });
    if (!/^check\b[\s\S]*\bbecause\b/i.test(sig.hypothesis.trim())) {
      findings.push({ severity: 'warning', ...at(['hypothesis']), message: 'phrase the hypothesis as "check X because Y"' });
    }
    for (const m of sig.replay?.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g) ?? []) {
      if (!CONTEXT_PLACEHOLDERS.has(m[1]!) && !names.has(m[1]!)) {
        findings.push({ severity: 'warning', ...at(['replay']), message: `placeholder {${m[1]}} is never filled: use a named group (?<${m[1]}>...) or one of ${[...CONTEXT_PLACEHOLDERS].join(', ')}` });
      }
    }
    for (const kind of ['match', 'nomatch'] as const) {
      sig.examples[kind].forEach((e, i) => {
        if (/^TODO\b/.test(e)) findings.push({ severity: 'warning', ...at(['examples', kind, i]), message: 'replace the TODO example with a real line' });
      });
    }
  }
  return findings;
}

interface ExampleFailure {
  signature: Signature;
  kind: 'match' | 'nomatch';
  index: number;
  example: string;
  line?: number;
}

export interface ExampleReport {
  signatures: number;
  examples: number;
  failures: ExampleFailure[];
}

/**
 * Runs every example through the whole library's matcher (prefilter included): each
 * `match` example must produce a match of its signature, each `nomatch` must not.
 */
export function testExamples(library: Library, include: (s: Signature) => boolean = () => true): ExampleReport {
  const { matcher } = library;
  const report: ExampleReport = { signatures: 0, examples: 0, failures: [] };
  library.signatures.forEach((sig, sigIndex) => {
    if (!include(sig)) return;
    report.signatures++;
    const kinds = kindBit(sig.match.in?.[0] ?? 'logs');
    for (const kind of ['match', 'nomatch'] as const) {
      sig.examples[kind].forEach((example, index) => {
        report.examples++;
        const state = matcher.begin(`${sig.id} example`, kinds);
        scanText(matcher, state, [example]);
        const matched = state.counts[sigIndex]! > 0;
        if (matched !== (kind === 'match')) {
          report.failures.push({ signature: sig, kind, index, example, line: signatureLine(sig, ['examples', kind, index]) });
        }
      });
    }
  });
  return report;
}
