import { resolve, sep } from 'node:path';
import { flagChoice, flagList, flagString, UsageError } from '../args';
import { EXIT, type Command } from '../command';
import { draftSignature } from '../../signatures/draft';
import { redactorFor } from '../../redact/redact';
import { testExamples, lintLibrary } from '../../signatures/lint';
import { librarySources, loadLibrary } from '../../signatures/load';
import { prepareLibrary } from '../../signatures/scan';
import { patternSource, type Signature } from '../../signatures/schema';

export const command: Command = {
  name: 'signatures',
  usage: 'triage signatures list|lint|test [DIR] | triage signatures new --from-line "LINE"',
  subcommands: ['list', 'lint', 'test', 'new'],
  operands: 'dirs',
  flags: [
    { name: 'format', type: 'string', choices: ['text', 'json'], description: 'list: a table (text) or JSON' },
    { name: 'from-line', type: 'string', value: 'LINE', description: 'new: the log line to draft a signature from' },
  ],
  help: `Subcommands:
  list [DIR]    the signatures: id, bucket, class, step, severity, patterns
  lint [DIR]    load and validate; flag patterns that cannot run in linear time or that
                a real RE2 refuses (errors)
                and patterns without a fixed word, prose and placeholders to fix (warnings)
  test [DIR]    run every signature's examples; exit 1 when one does not behave,
                2 when a signature file or directory does not load
  new --from-line "LINE"
                print a draft signature for a line the library does not explain

The library is the built-in one, plus .triage/signatures/ and each --signatures DIR.
With DIR, only the signatures under DIR are listed, linted or tested (the built-in
library still loads, so duplicate ids are caught).`,
  async run(args, io) {
    const [sub, dir] = args.positionals;
    if (sub === 'new') {
      const line = flagString(args, 'from-line');
      if (line === undefined) throw new UsageError('new needs --from-line "LINE"');
      // The draft quotes the line as its example: a token in it must not be copied into the library.
      io.stdout.write(draftSignature(redactorFor()(line)));
      return EXIT.ok;
    }
    if (sub !== 'list' && sub !== 'lint' && sub !== 'test') {
      throw new UsageError(sub ? `unknown subcommand "${sub}" (list, lint, test, new)` : 'give a subcommand: list, lint, test or new');
    }
    const only = dir === undefined ? undefined : resolve(io.cwd, dir);
    const extra = [...flagList(args, 'signatures'), ...(dir === undefined ? [] : [dir])];
    const loaded = loadLibrary(librarySources(io.cwd, extra), true);
    const include = (s: Signature) => only === undefined || s.file === only || s.file.startsWith(only + sep);
    const inScope = (file: string) => only === undefined || file === only || file.startsWith(only + sep);

    if (sub === 'list') {
      const format = flagChoice(args, 'format', ['text', 'json'] as const, 'text');
      const sigs = loaded.signatures.filter(include);
      for (const p of loaded.problems.filter((p) => inScope(p.file))) io.stderr.write(`triage: ${p.message}\n`);
      if (format === 'json') {
        const rows = sigs.map((s) => ({
          id: s.id,
          bucket: s.bucket,
          class: s.class,
          step: s.step,
          severity: s.severity,
          patterns: (s.match.any ?? s.match.all!).map(patternSource),
          ...(s.match.unless ? { unless: s.match.unless.map(patternSource) } : {}),
        }));
        io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      } else {
        const width = Math.max(2, ...sigs.map((s) => s.id.length));
        for (const s of sigs) io.stdout.write(`${s.id.padEnd(width)}  ${s.severity.padEnd(8)} ${s.bucket.padEnd(24)} ${s.class.padEnd(11)} ${s.title}\n`);
        io.stdout.write(`${sigs.length} signature(s)\n`);
      }
      return loaded.problems.some((p) => inScope(p.file)) ? EXIT.usage : EXIT.ok;
    }

    if (sub === 'lint') {
      const findings = lintLibrary(loaded, include).filter((f) => inScope(f.file));
      for (const f of findings) {
        io.stdout.write(`${f.file}${f.line !== undefined ? `:${f.line}` : ''}: ${f.severity}: ${f.field ? `${f.field}: ` : ''}${f.message}\n`);
      }
      const errors = findings.filter((f) => f.severity === 'error').length;
      const count = loaded.signatures.filter(include).length;
      io.stdout.write(`${count} signature(s): ${errors} error(s), ${findings.length - errors} warning(s)\n`);
      return errors ? EXIT.usage : EXIT.ok;
    }

    // test
    for (const p of loaded.problems.filter((p) => inScope(p.file))) io.stderr.write(`triage: ${p.message}\n`);
    const report = testExamples(prepareLibrary(loaded.signatures), include);
    for (const f of report.failures) {
      const should = f.kind === 'match' ? 'should match but did not' : 'should not match but did';
      io.stdout.write(
        `${f.signature.file}${f.line !== undefined ? `:${f.line}` : ''}: ${f.signature.id}: examples.${f.kind}[${f.index}] ${should}: ${JSON.stringify(f.example)}\n`,
      );
    }
    // A file that did not load is bad input (exit 2, as list and lint), not an example that failed.
    const unloaded = loaded.problems.filter((p) => inScope(p.file)).length;
    const failed = report.failures.length;
    const notLoaded = unloaded ? `; ${unloaded} signature source(s) not loaded` : '';
    io.stdout.write(`${report.signatures} signature(s), ${report.examples} example(s): ${failed ? `${failed} failure(s)` : 'all pass'}${notLoaded}\n`);
    return unloaded ? EXIT.usage : failed ? EXIT.found : EXIT.ok;
  },
};
