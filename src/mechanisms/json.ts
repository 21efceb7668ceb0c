// A mechanism as `run --format json` and ndjson print it.
import type { Mechanism } from './types';

export function mechanismJson(m: Mechanism) {
  return {
    id: m.id,
    title: m.title,
    subject: m.subject,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    bucket: m.bucket,
    class: m.class,
    score: m.score,
    namedBy: m.namedBy,
    points: m.points.map((p) => ({ delta: p.delta, reason: p.reason, evidence: p.evidence ?? null })),
    objects: m.objects,
    time: m.time ?? null,
    hypothesis: m.hypothesis,
    next: m.next,
    remediation: m.remediation ?? null,
    replay: m.replay ?? null,
    tiesWith: m.tiesWith ?? [],
  };
}
