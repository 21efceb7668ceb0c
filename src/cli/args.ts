// A small argv parser that follows kubectl's conventions where they overlap:
// `--flag value`, `--flag=value`, `-n value`, `-nvalue`, repeatable flags, `--` ends flags.

export interface FlagSpec {
  name: string;
  short?: string;
  /** `boolean` takes no value; `string` takes one; `list` takes one and repeats. */
  type: 'boolean' | 'string' | 'list';
  description: string;
  /** Shown in help as `--name VALUE`. */
  value?: string;
  /** The only values it takes: help shows them as `--name a|b|c` and completion offers them. */
  choices?: readonly string[];
  /** What shell completion offers for its value (DESIGN section 4: from the same table as --help). */
  complete?: ValueKind;
}

/** Values completion can look up where the shell runs: paths, and kubeconfig names that cost no API call. */
export type ValueKind = 'files' | 'dirs' | 'contexts' | 'namespaces' | 'investigations';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
}

export class UsageError extends Error {}

/** Flags every command accepts (DESIGN section 4). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'kubeconfig', type: 'string', value: 'FILE', complete: 'files', description: 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config)' },
  { name: 'context', type: 'string', value: 'NAME', complete: 'contexts', description: 'kube context to use' },
  { name: 'namespace', short: 'n', type: 'list', value: 'NS', complete: 'namespaces', description: 'namespace (repeatable)' },
  { name: 'all-namespaces', short: 'A', type: 'boolean', description: 'every namespace' },
  {
    name: 'request-timeout',
    type: 'string',
    value: 'DUR',
    description: 'how long one API request may take, as kubectl: 30s, 1m, 0 for no limit (default 8s)',
  },
  { name: 'bundle', type: 'string', value: 'DIR', complete: 'dirs', description: 'run against a captured bundle instead of a live cluster' },
  { name: 'plan', type: 'string', value: 'FILE', complete: 'files', description: 'plan file (default: ./triage.yaml if present)' },
  { name: 'trace', type: 'string', value: 'ID', description: 'the trace / job / execution id to follow' },
  { name: 'since-green', type: 'string', value: 'SHA', description: 'SHA of the last green run: the commits since are changes' },
  { name: 'junit', type: 'list', value: 'PATH', complete: 'files', description: 'JUnit XML report(s) of the failing run' },
  { name: 'investigation', type: 'string', value: 'ID', complete: 'investigations', description: 'resume this investigation' },
  { name: 'author', type: 'string', value: 'NAME', description: 'who is writing (default: $USER)' },
  { name: 'signatures', type: 'list', value: 'DIR', complete: 'dirs', description: 'extra signature directory (repeatable)' },
  { name: 'no-color', type: 'boolean', description: 'no colours' },
  { name: 'help', short: 'h', type: 'boolean', description: 'show help' },
  { name: 'version', type: 'boolean', description: 'show the version' },
];

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];

  const set = (spec: FlagSpec, value: string | undefined, raw: string) => {
    if (spec.type === 'boolean') {
      if (value !== undefined) throw new UsageError(`flag ${raw} takes no value`);
      flags[spec.name] = true;
      return;
    }
    if (value === undefined) throw new UsageError(`flag ${raw} needs a value${spec.value ? ` (${spec.value})` : ''}`);
    if (spec.type === 'list') flags[spec.name] = [...((flags[spec.name] as string[] | undefined) ?? []), value];
    else flags[spec.name] = value;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      const spec = byName.get(name);
      if (!spec) throw new UsageError(`unknown flag --${name}`);
      let value = eq >= 0 ? arg.slice(eq + 1) : undefined;
      if (value === undefined && spec.type !== 'boolean') value = argv[++i];
      set(spec, value, `--${name}`);
    } else if (arg.startsWith('-') && arg.length > 1) {
      const spec = byShort.get(arg[1]!);
      if (!spec) throw new UsageError(`unknown flag ${arg.slice(0, 2)}`);
      let value: string | undefined = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
      if (spec.type === 'boolean' && value !== undefined) throw new UsageError(`flag -${spec.short} takes no value`);
      if (value === undefined && spec.type !== 'boolean') value = argv[++i];
      set(spec, value, `-${spec.short}`);
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, flags };
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function flagList(args: ParsedArgs, name: string): string[] {
  const v = args.flags[name];
  return Array.isArray(v) ? v : [];
}

export function flagBool(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}

/** Parse a `--format` value against the choices a command offers. */
export function flagChoice<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const v = flagString(args, name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${choices.join(', ')} (got ${v})`);
  return v as T;
}

export function flagRows(flags: readonly FlagSpec[]): string {
  return flags
    .map((f) => {
      const value = f.value ?? f.choices?.join('|');
      return `  ${`${f.short ? `-${f.short}, ` : '    '}--${f.name}${value ? ` ${value}` : ''}`.padEnd(30)} ${f.description}`;
    })
    .join('\n');
}

/** A command's help: its own flags first, then the global ones (not every command uses each). */
export function helpText(usage: string, summary: string, own: readonly FlagSpec[], extra = ''): string {
  const sections = [`${summary}\n\nUsage: ${usage}`];
  if (own.length) sections.push(`Flags:\n${flagRows(own)}`);
  sections.push(`Global flags:\n${flagRows(GLOBAL_FLAGS)}`);
  if (extra) sections.push(extra);
  return `${sections.join('\n\n')}\n`;
}
