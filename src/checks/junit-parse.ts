// JUnit XML, as Jest, Playwright, pytest, Maven Surefire, Go and others write it, read as a
// stream into suites and test cases (entity expansion off, every text field bounded).
// Reused by the junit check, `triage diff`, `triage scan` and trace sources.
import { closeSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../errors';
import { XmlStream } from './xml-stream';
import { JunitBuilder } from './junit-builder';
import type { JunitCase, JunitReport, JunitSuite, JunitVisitor } from './junit-types';

export type { JunitCase, JunitProperty, JunitReport, JunitSuite, JunitVisitor } from './junit-types';

/** How much of a report file is read at a time. */
const READ_CHUNK = 1024 * 1024;

/** A report fed in pieces of text; `end` checks it is complete and returns what it held. */
class JunitReader {
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
