// Objects carrying the plan's test labels (an old run id, `part-of=e2e`) older than
// `olderThan`: state an identical rerun would trip over.
import { metadataSchema, parseItems, type Metadata } from '../../analyze/resources';
import { age, conclude, plural, since, type Finding } from '../../analyze/findings';
import { analyzeOptions, kubeCheck, type AnalyzeOptions } from '../kit';
import { leftoverRules } from './rules';
import { z } from 'zod';

/** The kinds test runs leave behind; Secrets are read for their names only. */
const LABELLED_KINDS: readonly { plural: string; group: string; kind: string }[] = [
  { plural: 'pods', group: '', kind: 'Pod' },
  { plural: 'jobs', group: 'batch', kind: 'Job' },
  { plural: 'configmaps', group: '', kind: 'ConfigMap' },
  { plural: 'secrets', group: '', kind: 'Secret' },
  { plural: 'services', group: '', kind: 'Service' },
  { plural: 'deployments', group: 'apps', kind: 'Deployment' },
  { plural: 'persistentvolumeclaims', group: '', kind: 'PersistentVolumeClaim' },
];

export interface LabelledObject {
  kind: string;
  selector: string;
  metadata: Metadata;
}

interface LabelledInput {
  objects: readonly LabelledObject[];
  olderThan: string;
  olderThanMs: number;
}

function analyzeLabelled(input: LabelledInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  const findings: Finding[] = [];
  for (const obj of input.objects) {
    const created = obj.metadata.creationTimestamp ?? undefined;
    if ((since(created, o.now) ?? 0) <= input.olderThanMs) continue;
    const ns = obj.metadata.namespace ?? '';
    const kind = obj.kind.toLowerCase();
    findings.push({
      status: 'warn',
      headline: `${kind} ${ns}/${obj.metadata.name} (${age(created, o.now) ?? '?'} old)`,
      source: `${ns}/${kind}/${obj.metadata.name}`,
      lines: [{ text: `${kind} matches ${obj.selector}, created ${created ?? 'unknown'} (${age(created, o.now) ?? '?'} ago)`, time: created }],
      bucket: 'replay-dedupe',
      replay: o.kubectl('get', kind, '-n', ns, obj.metadata.name, '--show-labels'),
      weight: 5,
    });
  }
  return conclude(findings, {
    kind: 'leftover',
    problem: (n) => `${plural(n, 'object')} from earlier runs`,
    quiet: `no object carrying the plan's leftover labels is older than ${input.olderThan}`,
    replay: o.kubectl('get', LABELLED_KINDS.map((k) => (k.group ? `${k.plural}.${k.group}` : k.plural)).join(','), '-A', '--show-labels'),
  });
}

const metadataOnly = z.looseObject({ metadata: metadataSchema });

export const labelledCheck = kubeCheck({
  name: 'labelled-objects',
  step: 'rerun',
  title: 'Objects labelled by earlier runs',
  async run(ctx, cluster) {
    const rules = leftoverRules(ctx.plan);
    if (!rules.labels.length) return { status: 'skip', summary: 'the plan lists no leftover labels', evidence: [] };
    const lists = await Promise.all(
      rules.labels.flatMap((selector) =>
        LABELLED_KINDS.map(async (k) => {
          const list = await cluster.list(k.plural, k.group, undefined, selector);
          // Metadata only: for Secrets nothing else is kept.
          return parseItems(list, metadataOnly, k.plural).map((item): LabelledObject => ({ kind: k.kind, selector, metadata: item.metadata }));
        }),
      ),
    );
    return analyzeLabelled({ objects: lists.flat(), olderThan: rules.olderThan, olderThanMs: rules.olderThanMs }, analyzeOptions(ctx, cluster));
  },
});
