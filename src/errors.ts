/**
 * Bad input a person can fix: a malformed plan, signature, bundle or journal line.
 * The message names the file, the line and the field; the CLI prints it and exits 2.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${reason}`);
    this.name = 'InputError';
  }
}

/**
 * Nothing to investigate could be reached or was named: no cluster, no bundle, no plan.
 * The CLI prints the message (how to point triage at something) and exits 3.
 */
export class NoTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoTargetError';
  }
}
