// What a JUnit report reads as: suites, their test cases and properties, and what a reader of
// one is handed as it streams past (junit-parse.ts reads, junit-builder.ts builds them).
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

/** What a report's text fields keep: the start of a stack or a log, not a 100 MB dump. */
export const TEXT_LIMIT = 1024 * 1024;

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
