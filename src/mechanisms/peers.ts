// A line in one workload's log can be about another: the E2E harness saying the trace
// collector refused its spans, checkout saying payments refused its connection. When a
// signature's line names a known workload's in-cluster address (`name.namespace:port`,
// `name.namespace.svc`), the fact is about that workload.

import type { Fact } from '../model';

const ADDRESS = /\b([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)(?:\.svc(?:\.cluster\.local)?)?:\d{2,5}\b/g;

export function rebindToPeer(fact: Fact, subjects: ReadonlySet<string>): Fact {
  if (fact.kind !== 'signature' && fact.kind !== 'fallback') return fact;
  for (const e of fact.evidence) {
    for (const m of e.text.matchAll(ADDRESS)) {
      const [, name, namespace] = m;
      if (name === fact.subject || !subjects.has(name!)) continue;
      return { ...fact, subject: name!, namespace, phrase: fact.phrase, evidence: fact.evidence.map((x) => ({ ...x, source: x.source })), object: `${fact.object} (names ${name}.${namespace})` };
    }
  }
  return fact;
}
