import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { endGroup, spawnInGroup, stopGroup } from '../../checks/process-group';
import { formatDuration } from '../../model/duration';
import { InputError } from '../../errors';
import type { TraceSource } from '../types';
import type { SourceRefKind, TraceSourceKind } from './kind';
import { lineBlocks } from './lines';

const argvSchema = z.array(z.string().min(1)).min(1);

/** A command's stdout and stderr as one stream: argv without a shell, stdin closed, under a deadline. */
/** A command's output. */
type CommandRef = { kind: 'command'; argv: string[] };

const commandRef: SourceRefKind<CommandRef> = {
  kind: 'command',
  label: (ref) => `cmd ${ref.argv.join(' ')}`,
  service: (ref) => ref.argv[0]!.split('/').pop()!,
};

export const commandKind: TraceSourceKind = {
  prefixes: ['cmd'],
  usage: 'cmd:["ARGV0","ARG",...]',
  help: "a command's output (a JSON array: argv, run without a shell, stdin closed, under the deadline)",
  refs: [commandRef],
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
          source: { kind: 'command', argv } satisfies CommandRef,
          async *read() {
            const child = spawnInGroup(argv[0]!, argv.slice(1), { cwd: env.baseDir, stdio: ['ignore', 'pipe', 'pipe'] });
            const pid = child.pid;
            // stdout and stderr as one stream, in the order they arrive.
            const all = new PassThrough();
            let open = 2;
            const endOne = () => {
              if (--open === 0) all.end();
            };
            for (const stream of [child.stdout!, child.stderr!]) {
              stream.once('end', endOne);
              stream.pipe(all, { end: false });
            }
            const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException }>((resolve) => {
              child.once('error', (error) => {
                all.end();
                resolve({ code: null, signal: null, error });
              });
              child.once('close', (code, signal) => resolve({ code, signal }));
            });
            let timedOut = false;
            const timer = setTimeout(() => {
              timedOut = true;
              if (pid !== undefined) stopGroup(pid, 1000);
            }, context.timeoutMs);
            const onAbort = () => pid !== undefined && endGroup(pid);
            context.signal.addEventListener('abort', onAbort, { once: true });
            let finished = false;
            try {
              yield* lineBlocks(all);
              const end = await ended;
              finished = true;
              const name = argv[0]!;
              if (end.error) throw new Error(end.error.code === 'ENOENT' ? `binary not found: ${name}` : `${name} could not start: ${end.error.message}`);
              if (timedOut) throw new Error(`${name} killed after the ${formatDuration(context.timeoutMs)} deadline`);
              if (end.code !== 0) throw new Error(end.code === null ? `${name} ended by ${end.signal}` : `${name} failed with exit code ${end.code}`);
            } finally {
              clearTimeout(timer);
              context.signal.removeEventListener('abort', onAbort);
              // The merge stopped reading early: the command (and all it started) has nothing more to give.
              if (!finished && pid !== undefined) endGroup(pid);
            }
          },
        };
      },
    };
  },
};
