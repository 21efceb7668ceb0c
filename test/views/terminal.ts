import { EventEmitter } from 'node:events';

// In-memory terminal streams with just what Ink uses, for driving `runWorkbench` and
// `askResume` themselves (ink-testing-library only renders components).

class MemoryStdout extends EventEmitter {
  readonly isTTY = false;
  columns = 100;
  rows = 24;
  output = '';
  write = (chunk: string) => {
    this.output += chunk;
    return true;
  };
}

class MemoryStdin extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const chunk = this.pending;
    this.pending = null;
    return chunk;
  };
  type(chunk: string) {
    this.pending = chunk;
    this.emit('readable');
  }
}

export function memoryTerminal() {
  const stdin = new MemoryStdin();
  const stdout = new MemoryStdout();
  return {
    stdin,
    stdout,
    streams: { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream },
  };
}
