import { z } from 'zod';
import { InputError } from '../../errors';
import type { TraceSource } from '../types';
import type { SourceKind } from './kind';
import { lineBlocks } from './lines';

const argvSchema = z.array(z.string().min(1)).min(1);

/** A command's stdout and stderr as one stream: argv without a shell, stdin closed, under a deadline. */
export const commandKind: SourceKind = {
  prefixes: ['cmd'],
  usage: 'cmd:["ARGV0","ARG",...]',
  help: "a command's output (a JSON array: argv, run without a shell, stdin closed, under the deadline)",
  create(_prefix, argument, spec, env): TraceSource {
    let argv: string[];
    try {
      argv = argvSchema.parse(JSON.parse(argument));
    } catch {
      throw new InputError(spec, undefined, 'source', 'expected cmd: followed by a JSON array of strings, e.g. cmd:["kubectl","logs","deploy/api"]');
    }
    return {
      spec,
      description: `command ${argv.join(' ')}`,
      async *streams(context) {
        yield {
          source: { kind: 'command', argv },
          async *read() {
            const { execa } = await import('execa');
            const sub = execa(argv[0]!, argv.slice(1), {
              cwd: env.baseDir,
              stdin: 'ignore',
              all: true,
              buffer: false,
              reject: false,
              timeout: context.timeoutMs,
              cancelSignal: context.signal,
            });
            let finished = false;
            try {
              yield* lineBlocks(sub.all!);
              const done = await sub;
              finished = true;
              if (done.failed) throw new Error(done.shortMessage);
            } finally {
              // The merge stopped reading early: the command has nothing more to give.
              if (!finished) sub.kill();
            }
          },
        };
      },
    };
  },
};
