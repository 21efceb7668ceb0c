// Suites and test cases built from the XML reader's calls as the elements open and close,
// every text field bounded (TEXT_LIMIT): what junit-parse.ts feeds a report through.
import { z } from 'zod';
import { InputError } from '../errors';
import type { XmlHandler } from './xml-stream';
import { TEXT_LIMIT, type JunitCase, type JunitProperty, type JunitStatus, type JunitSuite, type JunitVisitor } from './junit-types';

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
  const lines = (details ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const chosen = attribute !== undefined && !located ? attribute : (lines.find((l) => ERROR_LINE.test(l)) ?? attribute ?? lines[0]);
  return chosen?.replace(/^Error:\s+/, '');
}

const PROBLEM_STATUS: Record<string, JunitStatus> = { failure: 'failed', error: 'error', skipped: 'skipped' };

const MAX_PROPERTIES = 1000;

type Frame =
  | { kind: 'suites' }
  | { kind: 'suite'; suite: JunitSuite; caseCount: number; out?: CappedText; err?: CappedText }
  | { kind: 'case'; test: JunitCase; suite: JunitSuite; index: number; out?: CappedText; err?: CappedText }
  | { kind: 'problem'; text: CappedText; status: JunitStatus; message?: string; type?: string; owner: JunitCase }
  | { kind: 'output'; text: CappedText }
  | { kind: 'other' };

/** Builds suites and cases from the XML reader's calls, as the elements open and close. */
export class JunitBuilder implements XmlHandler {
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
        return {
          kind: 'problem',
          text: new CappedText(),
          status,
          ...(problem.message === undefined ? {} : { message: problem.message }),
          ...(problem.type === undefined ? {} : { type: problem.type }),
          owner: parent.test,
        };
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
