import { Readable } from 'node:stream';
import { z } from 'zod';
import { rankHypotheses } from '../../signatures/hypotheses';
import { redactScanResult, scanPaths } from '../../signatures/scan';
import { defineTool, ToolRefusal } from '../tool';

const SHOWN_MATCHES = 50;

export const tool = defineTool({
  name: 'scan',
  title: 'Scan text or files for known failure signatures',
  description:
    'Matches the signature library against pasted text and/or files and directories (logs, JUnit XML, Kubernetes lists; relative to where triage runs). Answers with the most likely blockers as "check X because Y" with the next place to look and a replay command, the matched lines, and error-looking lines no signature knows. Secrets are redacted in everything it returns.',
  input: {
    text: z.string().optional().describe('text to scan, e.g. a pasted log'),
    paths: z.array(z.string()).optional().describe('files or directories to scan'),
  },
  async run({ session, cwd, library }, { text, paths }) {
    const inputs = [...(paths ?? []), ...(text !== undefined ? ['-'] : [])];
    if (inputs.length === 0) throw new ToolRefusal('nothing to scan: give `text`, `paths`, or both');
    const lib = library();
    const scanned = await scanPaths(lib, inputs, { cwd, ...(text !== undefined ? { stdin: Readable.from([text]) } : {}) });
    // Redacted before ranking, as `triage scan` does: what is returned never held the secret.
    const result = redactScanResult(scanned, session.redactText);
    if (result.inputs === 0) throw new ToolRefusal(`nothing could be read: ${result.problems.join('; ')}`);
    const plan = session.getState();
    const hypotheses = rankHypotheses(result, lib, plan.traceId ? { trace: plan.traceId } : {});
    const named = hypotheses.filter((h) => h.tier === 'signature');
    return {
      result: {
        hypotheses: hypotheses.map((h) => ({
          tier: h.tier,
          bucket: h.bucket,
          class: h.class,
          step: h.step,
          score: h.score,
          signatures: h.signatures.map((s) => s.id),
          hypothesis: h.hypothesis,
          next: h.next,
          ...(h.replay ? { replay: h.replay } : {}),
          ...(h.confidence !== undefined ? { confidence: h.confidence, cues: h.cues ?? [] } : {}),
        })),
        matches: result.matches
          .slice(0, SHOWN_MATCHES)
          .map((m) => ({ signature: m.signature, bucket: m.bucket, source: m.source, line: m.line, text: m.text })),
        unexplained: result.unexplained.map((u) => ({ template: u.template, count: u.count })),
        problems: result.problems,
      },
      summary: `scanned ${result.inputs} input(s): ${named.length ? `${named.length} known blocker(s), first ${named[0]!.bucket}` : 'no known signature matched'}`,
    };
  },
});
