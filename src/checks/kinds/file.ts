import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { CheckOutcome, Evidence } from '../../model';
import { formatDuration, parseDuration } from '../../model/duration';
import { checkIdentity, checkSpecBase, durationText } from '../spec';
import { formatBytes, matchPaths, shownPath } from '../paths';
import { inDirectory, shellGlob } from '../shell';
import { countLines } from '../text-files';
import type { CheckContext, CheckKind } from '../types';

export const fileSpec = checkSpecBase
  .extend({
    kind: z.literal('file'),
    /** A glob, relative to the plan's directory. */
    path: z.string().min(1),
    /** Every matching file has at least one byte. */
    nonEmpty: z.boolean().default(true),
    /** Every matching file has at least this many lines. */
    minLines: z.number().int().min(0).optional(),
    /** Newest match must be modified within this duration. */
    maxAge: durationText.optional(),
  })
  .strict();
export type FileSpec = z.infer<typeof fileSpec>;

/** Files larger than this are only line-counted when the spec asks for a minimum. */
const COUNT_LINES_UP_TO = 16 * 1024 * 1024;
/** Files named in the evidence; the rest are counted. */
const EVIDENCE_FILES = 20;

interface FileFacts {
  shown: string;
  size: number;
  mtime: Date;
  lines?: number;
}

async function factsOf(path: string, spec: FileSpec, ctx: CheckContext): Promise<FileFacts> {
  const s = await stat(path);
  const countIt = spec.minLines !== undefined || s.size <= COUNT_LINES_UP_TO;
  return {
    shown: shownPath(ctx.baseDir, path),
    size: s.size,
    mtime: s.mtime,
    ...(countIt ? { lines: await countLines(path, s.size, ctx.signal) } : {}),
  };
}

async function runFile(spec: FileSpec, ctx: CheckContext): Promise<CheckOutcome> {
  const replay = inDirectory(
    ctx.baseDir,
    `ls -la --full-time -- ${shellGlob(spec.path)}${spec.minLines !== undefined ? ` && wc -l -- ${shellGlob(spec.path)}` : ''}`,
  );
  const paths = await matchPaths(spec.path, ctx.baseDir, true);
  if (paths.length === 0) {
    return { status: 'fail', summary: `no file matches ${spec.path}`, evidence: [], replay, bucket: 'missing-result-data' };
  }
  const files: FileFacts[] = [];
  for (const p of paths) files.push(await factsOf(p, spec, ctx));
  files.sort((a, b) => b.mtime.getTime() - a.mtime.getTime());
  const now = ctx.now().getTime();
  const age = (f: FileFacts) => formatDuration(Math.max(0, now - f.mtime.getTime()));

  const problems: string[] = [];
  if (spec.nonEmpty) for (const f of files.filter((f) => f.size === 0)) problems.push(`${f.shown} is empty (0 bytes)`);
  if (spec.minLines !== undefined) {
    for (const f of files.filter((f) => f.size > 0 && (f.lines ?? 0) < spec.minLines!)) {
      problems.push(`${f.shown} has ${f.lines} line${f.lines === 1 ? '' : 's'}, expected at least ${spec.minLines}`);
    }
  }
  const newest = files[0]!;
  const maxAgeMs = spec.maxAge === undefined ? undefined : parseDuration(spec.maxAge);
  if (maxAgeMs !== undefined && now - newest.mtime.getTime() > maxAgeMs) {
    problems.push(`newest match ${newest.shown} is ${age(newest)} old, expected within ${spec.maxAge}`);
  }

  const evidence: Evidence[] = files.slice(0, EVIDENCE_FILES).map((f) => ({
    text: `${f.shown}: ${formatBytes(f.size)}${f.lines === undefined ? '' : `, ${f.lines} line${f.lines === 1 ? '' : 's'}`}, modified ${age(f)} ago`,
    source: f.shown,
    time: f.mtime.toISOString(),
  }));
  if (files.length > EVIDENCE_FILES) evidence.push({ text: `… and ${files.length - EVIDENCE_FILES} more files`, source: spec.path });

  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
    return { status: 'fail', summary: `${problems[0]}${more}`, evidence, replay, bucket: 'missing-result-data' };
  }
  const count = files.length === 1 ? newest.shown : `${files.length} files match ${spec.path}`;
  const detail = `${formatBytes(newest.size)}${newest.lines === undefined ? '' : `, ${newest.lines} lines`}`;
  return { status: 'pass', summary: `${count}, newest ${age(newest)} old (${files.length === 1 ? detail : `${newest.shown}: ${detail}`})`, evidence, replay };
}

export const fileKind: CheckKind<FileSpec, typeof fileSpec> = {
  kind: 'file',
  schema: fileSpec,
  create(spec, step, index) {
    return { ...checkIdentity(spec, step, index, `File ${spec.path}`), run: (ctx) => runFile(spec, ctx) };
  },
};
