const LEVELS: Record<string, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  dbg: 'DEBUG',
  info: 'INFO',
  inf: 'INFO',
  notice: 'NOTICE',
  warn: 'WARN',
  warning: 'WARN',
  wrn: 'WARN',
  error: 'ERROR',
  err: 'ERROR',
  eror: 'ERROR',
  fatal: 'FATAL',
  panic: 'PANIC',
  dpanic: 'PANIC',
  critical: 'CRITICAL',
  crit: 'CRITICAL',
};

/** The level a word names (`info`, `WARNING`, `err`), upper-case; undefined for any other word. */
export function levelOf(word: string): string | undefined {
  return LEVELS[word.toLowerCase()];
}
