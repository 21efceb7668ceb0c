import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { parseJunit as ParseJunit } from '../../checks/junit-parse';
import { InputError } from '../../errors';
import { parseIsoAt } from '../timestamps/rfc3339';
import type { SourceStream, TraceSource } from '../types';
import type { SourceKind } from './kind';

function reportsUnder(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const full = join(path, name);
      return statSync(full).isDirectory() ? reportsUnder(full) : name.endsWith('.xml') ? [full] : [];
    });
}

/** The system-out and system-err of every suite and test case, one stream each; the suite's timestamp starts it. */
function junitStreams(parseJunit: typeof ParseJunit, file: string, shown: string): SourceStream[] {
  const streams: SourceStream[] = [];
  for (const suite of parseJunit(readFileSync(file, 'utf8'), shown)) {
    const begins = suite.timestamp ? parseIsoAt(suite.timestamp, 0) : undefined;
    const startsAt = begins ? { ms: begins.ms, ns: begins.ns } : undefined;
    const owners = [{ testcase: suite.name, out: suite.systemOut, err: suite.systemErr }, ...suite.cases.map((c) => ({ testcase: `${suite.name} › ${c.name}`, out: c.systemOut, err: c.systemErr }))];
    for (const owner of owners) {
      for (const [stream, text] of [['system-out', owner.out], ['system-err', owner.err]] as const) {
        if (!text) continue;
        streams.push({
          source: { kind: 'junit', path: shown, testcase: owner.testcase, stream },
          ...(startsAt ? { startsAt } : {}),
          async *read() {
            yield { lines: text };
          },
        });
      }
    }
  }
  return streams;
}

export const junitKind: SourceKind = {
  prefixes: ['junit'],
  usage: 'junit:PATH',
  help: 'system-out and system-err of a JUnit XML report (or every .xml under a directory)',
  create(_prefix, argument, spec, env): TraceSource {
    const path = resolve(env.baseDir, argument);
    try {
      statSync(path);
    } catch {
      throw new InputError(spec, undefined, 'source', `no such file or directory: ${argument}`);
    }
    return {
      spec,
      description: `JUnit ${argument}`,
      async *streams() {
        // The XML parser loads when a report is read, not when the walk starts.
        const { parseJunit } = await import('../../checks/junit-parse');
        for (const file of reportsUnder(path)) yield* junitStreams(parseJunit, file, file === path ? argument : join(argument, relative(path, file)));
      },
    };
  },
};
