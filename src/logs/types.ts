/** A structured log line read apart: what a person reads first, and the rest. */
export interface LogRecord {
  /** The format that read it (`json`, `logfmt`, `klog`, `zap`). */
  format: string;
  /** The line's own time, as the line wrote it. */
  time?: string;
  /** Upper-case: `INFO`, `WARN`, `ERROR`, … */
  level?: string;
  message: string;
  /** Every other field, in the line's order, values as text. */
  fields: [string, string][];
}

/** One log format: reads a line it recognises, else answers undefined (cheaply). */
export interface LogFormat {
  name: string;
  parse(line: string): LogRecord | undefined;
}
