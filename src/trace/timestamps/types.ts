import type { Instant } from '../instant';

/** Where a timestamp was found on a line and what it says. */
export interface Stamp extends Instant {
  /** The format's name, e.g. `rfc3339`, `klog`. */
  format: string;
  /** Offsets of the timestamp text within the line. */
  start: number;
  end: number;
}

/** What a format may need beyond the line: formats without a year take it from here. */
export interface TimeContext {
  /** The end of the window being read (now, or when a bundle was captured), epoch ms. */
  referenceMs: number;
}

/** One timestamp format: one file each, listed in `./index`. */
export interface TimestampFormat {
  name: string;
  /** Undefined when the line does not carry this format. Cheap checks come before any regex. */
  parse(line: string, context: TimeContext): Stamp | undefined;
}
