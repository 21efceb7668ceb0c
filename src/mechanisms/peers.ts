// A line in one workload's log can be about another: the E2E harness saying the trace
// collector refused its spans, checkout saying payments refused its connection. When a
// signature's line names a known workload's in-cluster address (`name.namespace:port`,
// `name.namespace.svc`), the fact is about that workload.

import type { Fact } from '../model';

// Not inside a path (`checkout/payments.go:93` is a source file and line); a URL's `//` is fine.
const ADDRESS =
  /(?<![\w.])(?<!\w\/)([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)(?:\.svc(?:\.cluster\.local)?(?::\d{2,5})?|:\d{2,5})\b/g;
/** A "namespace" that is a file extension is a file name. */
const FILE_EXTENSIONS = new Set([
  'go',
  'py',
  'js',
  'ts',
  'mjs',
  'cjs',
  'java',
  'kt',
  'scala',
  'rb',
  'rs',
  'c',
  'cc',
  'cpp',
  'h',
  'hpp',
  'cs',
  'php',
  'ex',
  'exs',
  'erl',
  'swift',
  'yaml',
  'yml',
  'json',
  'log',
  'txt',
  'sh',
  'tf',
  'sql',
  'xml',
]);

export function rebindToPeer(fact: Fact, subjects: ReadonlySet<string>): Fact {
  if (fact.kind !== 'signature' && fact.kind !== 'fallback') return fact;
  for (const e of fact.evidence) {
    for (const m of e.text.matchAll(ADDRESS)) {
      const [, name, namespace] = m;
      if (name === fact.subject || !subjects.has(name!) || FILE_EXTENSIONS.has(namespace!)) continue;
      return {
        ...fact,
        subject: name!,
        namespace,
        phrase: fact.phrase,
        evidence: fact.evidence.map((x) => ({ ...x, source: x.source })),
        object: `${fact.object} (names ${name}.${namespace})`,
      };
    }
  }
  return fact;
}
