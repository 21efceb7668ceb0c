import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors';
import { junitKind, junitSpec } from '../../src/checks/kinds/junit';
import { caseTitle, parseJunit } from '../../src/checks/junit-parse';
import { run, tempDir } from './support';

const fixture = (name: string) => join(process.cwd(), 'fixtures/junit', name);
const read = (name: string) => readFileSync(fixture(name), 'utf8');

describe('parseJunit', () => {
  it('reads suites and cases of a Jest report, with the failing message, system-out and the testcase line', () => {
    const suites = parseJunit(read('orders-jest.xml'), 'orders-jest.xml');
    expect(suites.map((s) => [s.name, s.tests, s.failures, s.skipped])).toEqual([
      ['orders API', 4, 1, 1],
      ['health', 1, 0, 0],
    ]);
    const failing = suites[0]!.cases[2]!;
    expect(failing).toMatchObject({
      suite: 'orders API',
      classname: 'orders API',
      name: 'completes an order end to end',
      status: 'failed',
      message: 'expected status "COMPLETED" but got "SUCCEEDED"',
      time: 2.917,
      line: 8,
    });
    expect(failing.details).toContain('at Object.<anonymous> (/ci/builds/shop/test/orders.e2e.test.ts:42:11)');
    expect(failing.systemOut).toBe('POST /orders 201 order_id=ord_7f3a trace_id=4bf92f3577b34da6a3ce929d0e0e4736\nGET /orders/ord_7f3a 200 status=SUCCEEDED');
    expect(suites[0]!.cases[3]!.status).toBe('skipped');
    expect(caseTitle(failing)).toBe('orders API.completes an order end to end');
  });

  it("takes a Playwright failure's error line over its location header, without colour codes", () => {
    const [suite] = parseJunit(read('checkout-playwright.xml'), 'checkout-playwright.xml');
    const failing = suite!.cases.find((c) => c.status === 'failed')!;
    expect(failing).toMatchObject({ message: 'page.waitForResponse: Test timeout of 30000ms exceeded.', type: 'FAILURE', line: 6, time: 30.018 });
    expect(failing.details).not.toContain('\u001b[');
    expect(failing.systemOut).toBe('POST /api/payments -> pending (trace 0af7651916cd43dd8448eb211c80319c)');
    expect(suite!.timestamp).toBe('2026-11-22T10:31:02.114Z');
  });

  it('names the file and line of malformed XML', () => {
    expect(() => parseJunit(read('truncated.xml'), 'reports/truncated.xml')).toThrow(InputError);
    expect(() => parseJunit(read('truncated.xml'), 'reports/truncated.xml')).toThrow(/^reports\/truncated\.xml:6: malformed XML: /);
  });

  it('refuses XML that is not a JUnit report, and a testcase without a name', () => {
    expect(() => parseJunit('<html><body/></html>', 'r.xml')).toThrow(
      'r.xml: not a JUnit report: the root element is <html>, expected <testsuites> or <testsuite>',
    );
    expect(() => parseJunit('<testsuite name="s">\n<testcase classname="c"/>\n</testsuite>', 'r.xml')).toThrow(
      'r.xml:2: testsuite "s" testcase[0].name: a testcase needs a name',
    );
    expect(() => parseJunit('<testsuite name="s"><testcase name="t" time="soon"/></testsuite>', 'r.xml')).toThrow(
      /testcase\[0\]\.time: expected seconds, got "soon"/,
    );
  });
});

describe('junit check', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    mkdirSync(join(tmp.dir, 'reports'));
  });
  afterEach(() => tmp.cleanup());
  const junit = (paths: string[]) => junitKind.create(junitSpec.parse({ kind: 'junit', paths }), 'contract', 0);

  it('fails with the stale-contract message of the failing test, cited by file and line', async () => {
    copyFileSync(fixture('orders-jest.xml'), join(tmp.dir, 'reports/orders.xml'));
    const result = await run(junit(['reports/*.xml']), { baseDir: tmp.dir });
    expect(result).toMatchObject({
      status: 'fail',
      summary: '1 of 5 tests failed: orders API.completes an order end to end: expected status "COMPLETED" but got "SUCCEEDED"',
      bucket: 'stale-contract',
    });
    expect(result.evidence).toEqual([
      {
        text: 'orders API.completes an order end to end: expected status "COMPLETED" but got "SUCCEEDED"',
        source: 'reports/orders.xml:8',
        time: '2026-11-22T10:30:55.000Z',
      },
    ]);
    expect(result.replay).toBe(`cd ${tmp.dir} && grep -n -A4 -E '<(failure|error)' -- reports/*.xml`);
  });

  it('still reports failures when another report is malformed, and names that file', async () => {
    copyFileSync(fixture('checkout-playwright.xml'), join(tmp.dir, 'reports/checkout.xml'));
    copyFileSync(fixture('truncated.xml'), join(tmp.dir, 'reports/truncated.xml'));
    const result = await run(junit(['reports/*.xml']), { baseDir: tmp.dir });
    expect(result.status).toBe('fail');
    // The failure's type leads the line, so signatures keyed on it match inside the walk.
    expect(result.evidence[0]!.text).toMatch(/: FAILURE: page\.waitForResponse: Test timeout of 30000ms exceeded\.$/);
    expect(result.evidence.at(-1)).toMatchObject({ source: 'reports/truncated.xml:6' });
    expect(result.evidence.at(-1)!.text).toMatch(/^reports\/truncated\.xml:6: malformed XML/);
  });

  it('is an error when the only report is malformed', async () => {
    copyFileSync(fixture('truncated.xml'), join(tmp.dir, 'reports/truncated.xml'));
    const result = await run(junit(['reports/*.xml']), { baseDir: tmp.dir });
    expect(result.status).toBe('error');
    expect(result.summary).toMatch(/^unreadable JUnit report: reports\/truncated\.xml:6: malformed XML: /);
  });

  it('is an error when no report matches', async () => {
    const result = await run(junit(['reports/*.xml', 'junit.xml']), { baseDir: tmp.dir });
    expect(result).toMatchObject({ status: 'error', summary: 'no JUnit report matches reports/*.xml, junit.xml' });
  });

  it('passes when every test passed', async () => {
    writeFileSync(join(tmp.dir, 'reports/ok.xml'), '<testsuite name="s"><testcase name="a" time="0.1"/><testcase name="b"><skipped/></testcase></testsuite>');
    const result = await run(junit(['reports/ok.xml']), { baseDir: tmp.dir });
    expect(result).toMatchObject({ status: 'pass', summary: 'all 1 tests passed, 1 skipped (1 report)' });
  });
});
