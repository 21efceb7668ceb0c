// The tree a signature pattern is read into: what the linearity rules, the atom
// extraction and the JavaScript emission all walk (parse.ts builds it).

export class PatternError extends Error {
  constructor(
    message: string,
    /** Offset in the pattern source where the problem starts. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'PatternError';
  }
}

export type ClassItem = { from: number; to: number } | { shorthand: 'd' | 'D' | 'w' | 'W' | 's' | 'S' };

export type RegexNode =
  | { type: 'char'; code: number }
  | { type: 'class'; negated: boolean; items: ClassItem[] }
  | { type: 'any' }
  | { type: 'assert'; kind: '^' | '$' | 'b' | 'B' }
  | { type: 'group'; capture: boolean; name?: string; body: RegexNode }
  | { type: 'concat'; items: RegexNode[] }
  | { type: 'alt'; branches: RegexNode[] }
  | { type: 'repeat'; min: number; max: number; lazy: boolean; body: RegexNode; offset: number };

export type RepeatNode = Extract<RegexNode, { type: 'repeat' }>;

export interface ParsedPattern {
  tree: RegexNode;
  /** `(?i)` at the start: the whole pattern ignores case. */
  ignoreCase: boolean;
  /** Named capture groups, in order: they fill replay placeholders. */
  names: string[];
}
