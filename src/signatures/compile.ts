import { parsePattern, requiredAtoms, toJavaScript } from './regex';
import { patternSource, SIGNATURE_SCOPES, type Signature, type SignatureScope } from './schema';

/**
 * The library in the form the matcher runs: plain data, so it can be sent to worker
 * threads. Index i of `signatures` is the library's signature i.
 */
export interface MatcherSpec {
  patterns: { js: string; names: string[]; atoms: string[] }[];
  signatures: { all: boolean; window: number; kinds: number; patterns: number[]; unless?: string[] }[];
}

export const kindBit = (kind: SignatureScope): number => 1 << SIGNATURE_SCOPES.indexOf(kind);
const ALL_KINDS = (1 << SIGNATURE_SCOPES.length) - 1;

function toJs(source: string): string {
  const parsed = parsePattern(source);
  return toJavaScript(parsed.tree, parsed.ignoreCase);
}

export function compileLibrary(signatures: readonly Signature[]): MatcherSpec {
  const patterns: MatcherSpec['patterns'] = [];
  const sigs = signatures.map((sig) => {
    const specs = sig.match.any ?? sig.match.all!;
    const ids = specs.map((p) => {
      const parsed = parsePattern(patternSource(p));
      patterns.push({ js: toJavaScript(parsed.tree, parsed.ignoreCase), names: parsed.names, atoms: requiredAtoms(parsed.tree) });
      return patterns.length - 1;
    });
    return {
      all: sig.match.all !== undefined,
      window: sig.match.window ?? 1,
      kinds: sig.match.in ? sig.match.in.reduce((m, k) => m | kindBit(k), 0) : ALL_KINDS,
      patterns: ids,
      ...(sig.match.unless ? { unless: sig.match.unless.map((p) => toJs(patternSource(p))) } : {}),
    };
  });
  return { patterns, signatures: sigs };
}
