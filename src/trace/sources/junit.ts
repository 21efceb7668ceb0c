import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { readJunitFileAsync as ReadJunitFileAsync } from '../../checks/junit-parse';
import { InputError } from '../../errors';
import { parseIsoAt } from '../timestamps/rfc3339';
import type { SourceStream, TraceSource } from '../types';
import type { SourceRefKind, TraceSourceKind } from './kind';

/** Every .xml under a folder; a symlinked folder is followed once (a loop of them ends). */
function reportsUnder(path: string, seen = new Set<string>()): string[] {
  if (statSync(path).isFile()) return [path];
  const real = realpathSync(path);
  if (seen.has(real)) return [];
  seen.add(real);
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const full = join(path, name);
      return statSync(full).isDirectory() ? reportsUnder(full, seen) : name.endsWith('.xml') ? [full] : [];
    });
}

/** The system-out and system-err of every suite and test case, one stream each; the suite's timestamp starts it. */
async function junitStreams(readJunitFileAsync: typeof ReadJunitFileAsync, file: string, shown: string): Promise<SourceStream[]> {
  const streams: SourceStream[] = [];
  // Streamed from disk: the report's text is never held whole, each field is bounded.
  const { suites } = await readJunitFileAsync(file, shown);
  for (const suite of suites) {
    const begins = suite.timestamp ? parseIsoAt(suite.timestamp, 0) : undefined;
    const startsAt = begins ? { ms: begins.ms, ns: begins.ns } : undefined;
    const owners = [
      { testcase: suite.name, out: suite.systemOut, err: suite.systemErr },
      ...suite.cases.map((c) => ({ testcase: `${suite.name} › ${c.name}`, out: c.systemOut, err: c.systemErr })),
    ];
    for (const owner of owners) {
      for (const [stream, text] of [
        ['system-out', owner.out],
        ['system-err', owner.err],
      ] as const) {
        if (!text) continue;
        streams.push({
          source: { kind: 'junit', path: shown, testcase: owner.testcase, stream } satisfies JunitRef,
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

/** A test case's captured output. */
type JunitRef = { kind: 'junit'; path: string; testcase: string; stream: 'system-out' | 'system-err' };

const junitRef: SourceRefKind<JunitRef> = {
  kind: 'junit',
  label: (ref) => `junit ${ref.path} ${ref.testcase} ${ref.stream}`,
  service: () => 'tests',
};

export const junitKind: TraceSourceKind = {
  prefixes: ['junit'],
  usage: 'junit:PATH',
  help: 'system-out and system-err of a JUnit XML report (or every .xml under a directory)',
  refs: [junitRef],
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
        const { readJunitFileAsync } = await import('../../checks/junit-parse');
        for (const file of reportsUnder(path))
          yield* await junitStreams(readJunitFileAsync, file, file === path ? argument : join(argument, relative(path, file)));
      },
    };
  },
};
