// Replay commands are pasted into a POSIX shell; everything we put in them is quoted here.

const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** One word, single-quoted unless it is plainly safe. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one paste-able line. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** A glob for the shell: the literal parts quoted, the wildcards left for the shell to expand. */
export function shellGlob(pattern: string): string {
  return pattern
    .split(/(\*+|\?|\[[^\]]*\])/)
    .filter((part) => part !== '')
    .map((part) => (/^(\*+|\?|\[[^\]]*\])$/.test(part) ? part : shellQuote(part)))
    .join('');
}

/** `cd DIR && ` when the command must run somewhere other than where the person is. */
export function inDirectory(dir: string, command: string): string {
  return dir === process.cwd() ? command : `cd ${shellQuote(dir)} && ${command}`;
}
