// JUnit XML, as Jest, Playwright, pytest, Maven Surefire, Go and others write it, parsed
// once into suites and test cases. Reused by the junit check, `triage diff` and trace sources.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { InputError } from '../errors';

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

type XmlNode = { [tag: string]: XmlNode[] } & { ':@'?: Record<string, string>; '#text'?: string };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
});

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function textOf(nodes: XmlNode[] | undefined): string {
  return (nodes ?? []).map((n) => (typeof n['#text'] === 'string' ? n['#text'] : textOf(n[tagOf(n) ?? ''] as XmlNode[] | undefined))).join('');
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

class Reader {
  private caseIndex = 0;
  readonly suites: JunitSuite[] = [];

  constructor(
    private readonly file: string,
    /** Lines of the `<testcase` tags in document order, when they could be located. */
    private readonly caseLines: number[] | undefined,
  ) {}

  private attributes<S extends z.ZodType>(schema: S, node: XmlNode, where: string, line: number | undefined): z.infer<S> {
    const result = schema.safeParse(node[':@'] ?? {});
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    throw new InputError(this.file, line, `${where}${issue.path.length ? `.${issue.path.join('.')}` : ''}`, issue.message);
  }

  walk(nodes: XmlNode[]): void {
    for (const node of nodes) {
      const tag = tagOf(node);
      if (tag === 'testsuites') this.walk(node[tag]!);
      else if (tag === 'testsuite') this.suite(node, node[tag]!);
    }
  }

  private suite(node: XmlNode, children: XmlNode[]): void {
    const attrs = this.attributes(suiteAttributes, node, `testsuite[${this.suites.length}]`, undefined);
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
    for (const child of children) {
      const tag = tagOf(child);
      if (tag === 'testcase') suite.cases.push(this.testCase(child, child[tag]!, suite));
      else if (tag === 'testsuite') this.suite(child, child[tag]!);
      else if (tag === 'system-out') suite.systemOut = trimmed(textOf(child[tag]));
      else if (tag === 'system-err') suite.systemErr = trimmed(textOf(child[tag]));
    }
    if (suite.systemOut === undefined) delete suite.systemOut;
    if (suite.systemErr === undefined) delete suite.systemErr;
    suite.tests = suite.cases.length;
    suite.failures = suite.cases.filter((c) => c.status === 'failed').length;
    suite.errors = suite.cases.filter((c) => c.status === 'error').length;
    suite.skipped = suite.cases.filter((c) => c.status === 'skipped').length;
  }

  private testCase(node: XmlNode, children: XmlNode[], suite: JunitSuite): JunitCase {
    const line = this.caseLines?.[this.caseIndex++];
    const where = `testsuite "${suite.name}" testcase[${suite.cases.length}]`;
    const attrs = this.attributes(caseAttributes, node, where, line);
    const test: JunitCase = {
      suite: suite.name,
      name: attrs.name,
      status: 'passed',
      ...(attrs.classname === undefined ? {} : { classname: attrs.classname }),
      ...((attrs.file ?? suite.file) === undefined ? {} : { file: attrs.file ?? suite.file }),
      ...(attrs.time === undefined ? {} : { time: attrs.time }),
      ...(line === undefined ? {} : { line }),
    };
    for (const child of children) {
      const tag = tagOf(child);
      if (tag === undefined) continue;
      const status = PROBLEM_STATUS[tag];
      // The first problem element decides; surefire's flaky/rerun elements are not verdicts.
      if (status && test.status === 'passed') {
        const problem = this.attributes(problemAttributes, child, `${where}.${tag}`, line);
        const details = trimmed(plain(textOf(child[tag])));
        const message = messageOf(trimmed(plain(problem.message ?? '')), details);
        test.status = status;
        if (message !== undefined) test.message = message;
        if (problem.type !== undefined) test.type = problem.type;
        if (details !== undefined) test.details = details;
      } else if (tag === 'system-out') {
        const out = trimmed(textOf(child[tag]));
        if (out !== undefined) test.systemOut = out;
      } else if (tag === 'system-err') {
        const err = trimmed(textOf(child[tag]));
        if (err !== undefined) test.systemErr = err;
      }
    }
    return test;
  }
}

/** Lines of each `<testcase` tag, in document order. */
function testcaseLines(xml: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (const m of xml.matchAll(/<testcase[\s/>]/g)) {
    for (let i = xml.indexOf('\n', from); i !== -1 && i < m.index; i = xml.indexOf('\n', i + 1)) line++;
    from = m.index;
    lines.push(line);
  }
  return lines;
}

/**
 * Parse a JUnit XML report. Throws an InputError naming the file (and line) when the XML
 * is malformed or is not a JUnit report.
 */
export function parseJunit(xml: string, file: string): JunitSuite[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new InputError(file, valid.err.line, undefined, `malformed XML: ${valid.err.msg}`);
  const nodes = parser.parse(xml) as XmlNode[];
  const root = nodes.map(tagOf).find((t) => t !== undefined && !t.startsWith('?') && !t.startsWith('!'));
  if (root !== 'testsuites' && root !== 'testsuite') {
    throw new InputError(file, undefined, undefined, `not a JUnit report: the root element is <${root ?? 'none'}>, expected <testsuites> or <testsuite>`);
  }
  const lines = testcaseLines(xml);
  const countCases = (ns: XmlNode[]): number =>
    ns.reduce((n, node) => {
      const tag = tagOf(node);
      return n + (tag === 'testcase' ? 1 : 0) + (tag === 'testsuites' || tag === 'testsuite' ? countCases(node[tag]!) : 0);
    }, 0);
  // A `<testcase` inside CDATA would shift every line after it; then lines are left out.
  const reader = new Reader(file, countCases(nodes) === lines.length ? lines : undefined);
  reader.walk(nodes);
  return reader.suites;
}

/** How a test is named to a person: `classname.name`, or the name alone when it already says it. */
export function caseTitle(test: Pick<JunitCase, 'classname' | 'name'>): string {
  if (!test.classname || test.name.startsWith(test.classname)) return test.name;
  return `${test.classname}.${test.name}`;
}

export function isFailing(test: JunitCase): boolean {
  return test.status === 'failed' || test.status === 'error';
}
