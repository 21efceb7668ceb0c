// JUnit XML, as Jest, Playwright, pytest, Maven Surefire, Go and others write it, read as a
// stream into suites and test cases (entity expansion off, every text field bounded).
// Reused by the junit check, `triage diff`, `triage scan` and trace sources.
import { closeSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import { InputError } from '../errors';
import { XmlStream, type XmlHandler } from './xml-stream';

export type JunitStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface JunitCase {
  /** The suite the case was in. */
  suite: string;
  classname?: string;
  name: string;
  /** The test's source file, when the producer wrote one (Playwright, pytest). */
  file?: string;
  /** Seconds. */
  time?: number;
  status: JunitStatus;
  /** What went wrong in one line: the message attribute or the body's first error line. */
  message?: string;
  /** The failure's type attribute (`AssertionError`, `FAILURE`). */
  type?: string;
  /** The failure's body: usually the assertion and stack. */
  details?: string;
  systemOut?: string;
  systemErr?: string;
  /** Where the `<testcase>` element starts in the XML file. */
  line?: number;
  /** The case's own `<properties>` (a timeout, a ceiling). */
  properties?: { name: string; value: string }[];
}

export interface JunitSuite {
  name: string;
  file?: string;
  /** As the producer wrote it; often without a zone. */
  timestamp?: string;
  time?: number;
  systemOut?: string;
  systemErr?: string;
  cases: JunitCase[];
  /** Counted from the cases, not taken from the producer's attributes. */
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** Seconds as JUnit producers write them: `0.123`, `1,234.5`. */
const seconds = z
  .string()
  .transform((s, ctx) => {
    const n = Number(s.trim().replace(/,/g, ''));
    if (s.trim() === '' || !Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: `expected seconds, got "${s}"` });
      return z.NEVER;
    }
    return n;
  })
  .optional();

// Producers add attributes freely (hostname, id, assertions); only the ones read here are checked.
const suiteAttributes = z.looseObject({
  name: z.string().optional(),
  file: z.string().optional(),
  timestamp: z.string().optional(),
  time: seconds,
});
const caseAttributes = z.looseObject({
  name: z.string({ message: 'a testcase needs a name' }),
  classname: z.string().optional(),
  file: z.string().optional(),
  time: seconds,
});
const problemAttributes = z.looseObject({ message: z.string().optional(), type: z.string().optional() });

/** What a report's text fields keep: the start of a stack or a log, not a 100 MB dump. */
export const TEXT_LIMIT = 1024 * 1024;

/** Text gathered up to a limit; what is past it is counted, not kept. */
class CappedText {
  private parts: string[] = [];
  private length = 0;
  private dropped = 0;

  add(text: string): void {
    const room = TEXT_LIMIT - this.length;
    if (room <= 0) {
      this.dropped += text.length;
      return;
    }
    const kept = text.length > room ? text.slice(0, room) : text;
    this.parts.push(kept);
    this.length += kept.length;
    this.dropped += text.length - kept.length;
  }

  value(): string {
    const text = this.parts.join('');
    return this.dropped ? `${text}\n… ${this.dropped} more characters not kept (a field is kept up to ${TEXT_LIMIT / 1024 / 1024} MB)` : text;
  }
}

function trimmed(text: string): string | undefined {
  const t = text.trim();
  return t === '' ? undefined : t;
}

/** Colour codes test runners leave in their output. */
function plain(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

const ERROR_LINE = /^(\w*(Error|Exception)\b|expected\b|assert)/i;

/**
 * The line a person needs: the message attribute, unless it is Playwright's
 * `file:line:col title` (the test's location, not the assertion); then the body's first
 * error line. A bare `Error: ` prefix says nothing and is dropped.
 */
function messageOf(attribute: string | undefined, details: string | undefined): string | undefined {
  const located = attribute !== undefined && /^\S+:\d+:\d+\s/.test(attribute);
  const lines = (details ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const chosen = attribute !== undefined && !located ? attribute : (lines.find((l) => ERROR_LINE.test(l)) ?? attribute ?? lines[0]);
  return chosen?.replace(/^Error:\s+/, '');
}

const PROBLEM_STATUS: Record<string, JunitStatus> = { failure: 'failed', error: 'error', skipped: 'skipped' };

/** A `<property name value>` wherever it stood (suite, case or report level). */
export interface JunitProperty {
  name: string;
  value: string;
}

/** What a reader of a report is handed as the report streams past. */
export interface JunitVisitor {
  /** Each test case, as its element closes. */
  onCase?(test: JunitCase, suite: JunitSuite): void;
  /** Each suite, as its element closes (after its cases). */
  onSuite?(suite: JunitSuite): void;
  /** Keep every case in its suite's `cases` (default). Off, suites are counted but hold no cases. */
  keepCases?: boolean;
}

export interface JunitReport {
  suites: JunitSuite[];
  /** Every property of the report, in order (the first 1000). */
  properties: JunitProperty[];
}

const MAX_PROPERTIES = 1000;

type Frame =
  | { kind: 'suites' }
  | { kind: 'suite'; suite: JunitSuite; caseCount: number; out?: CappedText; err?: CappedText }
  | { kind: 'case'; test: JunitCase; suite: JunitSuite; index: number; out?: CappedText; err?: CappedText }
  | { kind: 'problem'; text: CappedText; status: JunitStatus; message?: string; type?: string; owner: JunitCase }
  | { kind: 'output'; text: CappedText }
  | { kind: 'other' };

/** Builds suites and cases from the XML reader's calls, as the elements open and close. */
class JunitBuilder implements XmlHandler {
  readonly suites: JunitSuite[] = [];
  readonly properties: JunitProperty[] = [];
  private readonly frames: Frame[] = [];
  /** The frame that gathers text, if any, and how deep below it the reader is. */
  private gathering?: CappedText;
  private gatherDepth = 0;
  private rootSeen = false;

  constructor(
    private readonly file: string,
    private readonly visitor: JunitVisitor,
  ) {}

  private attributes<S extends z.ZodType>(schema: S, attributes: Record<string, string>, where: string, line: number | undefined): z.infer<S> {
    const result = schema.safeParse(attributes);
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    throw new InputError(this.file, line, `${where}${issue.path.length ? `.${issue.path.join('.')}` : ''}`, issue.message);
  }

  wantsText(): boolean {
    return this.gathering !== undefined;
  }

  text(text: string): void {
    this.gathering?.add(text);
  }

  open(tag: string, attributes: Record<string, string>, line: number): void {
    if (this.gathering) {
      // Markup inside a failure or system-out: its text belongs to the outer field.
      this.gatherDepth++;
      this.frames.push({ kind: 'other' });
      return;
    }
    const parent = this.frames.at(-1);
    if (!this.rootSeen) {
      this.rootSeen = true;
      if (tag !== 'testsuites' && tag !== 'testsuite') {
        throw new InputError(this.file, undefined, undefined, `not a JUnit report: the root element is <${tag}>, expected <testsuites> or <testsuite>`);
      }
    }
    if (tag === 'property' && attributes.name !== undefined && this.properties.length < MAX_PROPERTIES) {
      const property = { name: attributes.name, value: attributes.value ?? '' };
      this.properties.push(property);
      const owner = this.frames.at(-2);
      if (parent?.kind === 'other' && owner?.kind === 'case') (owner.test.properties ??= []).push(property);
    }
    const frame = this.frameFor(tag, attributes, line, parent);
    this.frames.push(frame);
    if (frame.kind === 'problem' || frame.kind === 'output') {
      this.gathering = frame.text;
      this.gatherDepth = 0;
    }
  }

  private frameFor(tag: string, attributes: Record<string, string>, line: number, parent: Frame | undefined): Frame {
    if (tag === 'testsuites' && (parent === undefined || parent.kind === 'suites')) return { kind: 'suites' };
    if (tag === 'testsuite' && (parent === undefined || parent.kind === 'suites' || parent.kind === 'suite')) return this.openSuite(attributes);
    if (parent?.kind === 'suite') {
      if (tag === 'testcase') return this.openCase(parent, attributes, line);
      if (tag === 'system-out') return { kind: 'output', text: (parent.out ??= new CappedText()) };
      if (tag === 'system-err') return { kind: 'output', text: (parent.err ??= new CappedText()) };
    }
    if (parent?.kind === 'case') {
      const status = PROBLEM_STATUS[tag];
      // The first problem element decides; surefire's flaky/rerun elements are not verdicts.
      if (status && parent.test.status === 'passed') {
        const where = `testsuite "${parent.suite.name}" testcase[${parent.index}].${tag}`;
        const problem = this.attributes(problemAttributes, attributes, where, parent.test.line);
        parent.test.status = status;
        return { kind: 'problem', text: new CappedText(), status, ...(problem.message === undefined ? {} : { message: problem.message }), ...(problem.type === undefined ? {} : { type: problem.type }), owner: parent.test };
      }
      if (tag === 'system-out') return { kind: 'output', text: (parent.out ??= new CappedText()) };
      if (tag === 'system-err') return { kind: 'output', text: (parent.err ??= new CappedText()) };
    }
    return { kind: 'other' };
  }

  private openSuite(attributes: Record<string, string>): Frame {
    const attrs = this.attributes(suiteAttributes, attributes, `testsuite[${this.suites.length}]`, undefined);
    const suite: JunitSuite = {
      name: attrs.name ?? attrs.file ?? this.file,
      ...(attrs.file === undefined ? {} : { file: attrs.file }),
      ...(attrs.timestamp === undefined ? {} : { timestamp: attrs.timestamp }),
      ...(attrs.time === undefined ? {} : { time: attrs.time }),
      cases: [],
      tests: 0,
      failures: 0,
      errors: 0,
      skipped: 0,
    };
    this.suites.push(suite);
    return { kind: 'suite', suite, caseCount: 0 };
  }

  private openCase(parent: Extract<Frame, { kind: 'suite' }>, attributes: Record<string, string>, line: number): Frame {
    const suite = parent.suite;
    const index = parent.caseCount++;
    const where = `testsuite "${suite.name}" testcase[${index}]`;
    const attrs = this.attributes(caseAttributes, attributes, where, line);
    const test: JunitCase = {
      suite: suite.name,
      name: attrs.name,
      status: 'passed',
      ...(attrs.classname === undefined ? {} : { classname: attrs.classname }),
      ...((attrs.file ?? suite.file) === undefined ? {} : { file: attrs.file ?? suite.file }),
      ...(attrs.time === undefined ? {} : { time: attrs.time }),
      line,
    };
    return { kind: 'case', test, suite, index };
  }

  close(): void {
    const frame = this.frames.pop();
    if (this.gathering) {
      if (this.gatherDepth > 0) {
        this.gatherDepth--;
        return;
      }
      this.gathering = undefined;
    }
    if (!frame) return;
    if (frame.kind === 'problem') {
      const details = trimmed(plain(frame.text.value()));
      const message = messageOf(trimmed(plain(frame.message ?? '')), details);
      if (message !== undefined) frame.owner.message = message;
      if (frame.type !== undefined) frame.owner.type = frame.type;
      if (details !== undefined) frame.owner.details = details;
    } else if (frame.kind === 'case') {
      const { test, suite } = frame;
      const out = frame.out && trimmed(frame.out.value());
      const err = frame.err && trimmed(frame.err.value());
      if (out !== undefined) test.systemOut = out;
      if (err !== undefined) test.systemErr = err;
      suite.tests++;
      if (test.status === 'failed') suite.failures++;
      else if (test.status === 'error') suite.errors++;
      else if (test.status === 'skipped') suite.skipped++;
      if (this.visitor.keepCases !== false) suite.cases.push(test);
      this.visitor.onCase?.(test, suite);
    } else if (frame.kind === 'suite') {
      const out = frame.out && trimmed(frame.out.value());
      const err = frame.err && trimmed(frame.err.value());
      if (out !== undefined) frame.suite.systemOut = out;
      if (err !== undefined) frame.suite.systemErr = err;
      this.visitor.onSuite?.(frame.suite);
    }
  }
}

/** How much of a report file is read at a time. */
const READ_CHUNK = 1024 * 1024;

/** A report fed in pieces of text; `end` checks it is complete and returns what it held. */
export class JunitReader {
  private readonly builder: JunitBuilder;
  private readonly xml: XmlStream;

  constructor(shown: string, visitor: JunitVisitor = {}) {
    this.builder = new JunitBuilder(shown, visitor);
    this.xml = new XmlStream(shown, this.builder);
  }

  write(text: string): void {
    this.xml.write(text);
  }

  end(): JunitReport {
    this.xml.end();
    return { suites: this.builder.suites, properties: this.builder.properties };
  }
}

function cannotRead(shown: string, error: unknown): InputError {
  return new InputError(shown, undefined, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
}

/**
 * Read a JUnit report from disk as a stream: memory stays bounded by the text limits, not
 * the file's size. Throws an InputError naming the file (and line) when the XML is
 * malformed, declares entities, or is not a JUnit report.
 */
export function readJunitFile(path: string, shown: string, visitor: JunitVisitor = {}): JunitReport {
  const reader = new JunitReader(shown, visitor);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw cannotRead(shown, error);
  }
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, READ_CHUNK, null);
      } catch (error) {
        throw cannotRead(shown, error);
      }
      if (n === 0) break;
      reader.write(decoder.write(buffer.subarray(0, n)));
    }
    reader.write(decoder.end());
    return reader.end();
  } finally {
    closeSync(fd);
  }
}

/** `readJunitFile` that lets the event loop run between chunks (a workbench keeps drawing). */
export async function readJunitFileAsync(path: string, shown: string, visitor: JunitVisitor = {}): Promise<JunitReport> {
  const reader = new JunitReader(shown, visitor);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw cannotRead(shown, error);
  }
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buffer, 0, READ_CHUNK, null));
      } catch (error) {
        throw cannotRead(shown, error);
      }
      if (n === 0) break;
      reader.write(decoder.write(buffer.subarray(0, n)));
    }
    reader.write(decoder.end());
    return reader.end();
  } finally {
    await handle.close();
  }
}

/**
 * Parse a JUnit XML report held in memory. Throws an InputError naming the file (and line)
 * when the XML is malformed, declares entities, or is not a JUnit report.
 */
export function parseJunit(xml: string, file: string): JunitSuite[] {
  const reader = new JunitReader(file);
  reader.write(xml);
  return reader.end().suites;
}

/** How a test is named to a person: `classname.name`, or the name alone when it already says it. */
export function caseTitle(test: Pick<JunitCase, 'classname' | 'name'>): string {
  if (!test.classname || test.name.startsWith(test.classname)) return test.name;
  return `${test.classname}.${test.name}`;
}

export function isFailing(test: JunitCase): boolean {
  return test.status === 'failed' || test.status === 'error';
}
