import { BUCKETS, CLASSES, type Bucket, type ProblemClass } from '../../src/model';
import { INCIDENT_SEVERITIES, SEVERITY_TARGETS, type IncidentSeverity, type HypothesisVerdict } from '../../src/investigation/ledger-state';
import type { LedgerResult } from '../../src/investigation/ledger';
import type { Workbench } from '../../src/workbench/session';
import { SelectPrompt, type Choice } from './SelectPrompt';

// What the ledger view asks a person for: a line of text, or a pick from a short list.

export type Prompt =
  | { kind: 'reason'; hypothesis: string; label: string; verdict: HypothesisVerdict; primary: boolean }
  | { kind: 'bucket' }
  | { kind: 'class'; bucket: Bucket }
  | { kind: 'hypothesis'; bucket: Bucket; class: ProblemClass }
  | { kind: 'mechanism' }
  | { kind: 'missing' }
  | { kind: 'lever' }
  | { kind: 'owner'; lever: string }
  | { kind: 'title' }
  | { kind: 'severity' }
  | { kind: 'followup' };

const TEXT_LABEL: Partial<Record<Prompt['kind'], string>> = {
  mechanism: 'Mechanism (what happened, named)',
  missing: 'Not yet named; what is missing to name it',
  lever: 'Fix shape: the lever that changes the outcome',
  title: 'Note title',
  followup: 'Follow-up',
};

const BUCKET_CHOICES: Choice<Bucket>[] = BUCKETS.map((b) => ({ value: b, label: b }));
const CLASS_CHOICES: Choice<ProblemClass>[] = CLASSES.map((c) => ({ value: c, label: c }));
const SEVERITY_CHOICES: Choice<IncidentSeverity>[] = INCIDENT_SEVERITIES.map((s) => ({
  value: s,
  label: s,
  detail: `${SEVERITY_TARGETS[s].criteria}: ${SEVERITY_TARGETS[s].response}`,
}));

type SelectKind = 'bucket' | 'class' | 'severity';

export function isSelect(prompt: Prompt): prompt is Extract<Prompt, { kind: SelectKind }> {
  return prompt.kind === 'bucket' || prompt.kind === 'class' || prompt.kind === 'severity';
}

export function textLabel(prompt: Prompt, cited: number): string {
  switch (prompt.kind) {
    case 'reason':
      return `Why is ${prompt.label} ${prompt.verdict}${prompt.primary ? ' (primary)' : ''}? (one line; ${cited} cited)`;
    case 'hypothesis':
      return `Hypothesis (${prompt.bucket} · ${prompt.class}): check X because Y`;
    case 'owner':
      return 'Owner of the fix';
    default:
      return TEXT_LABEL[prompt.kind] ?? prompt.kind;
  }
}

interface PromptSelectProps {
  prompt: Extract<Prompt, { kind: SelectKind }>;
  rows: number;
  onCancel: () => void;
  onBucket: (bucket: Bucket) => void;
  onClass: (bucket: Bucket, c: ProblemClass) => void;
  onSeverity: (level: IncidentSeverity) => void;
}

/** The list pickers; keyed by kind so each starts at its own top. */
export function PromptSelect({ prompt, rows, onCancel, onBucket, onClass, onSeverity }: PromptSelectProps) {
  if (prompt.kind === 'bucket') {
    return <SelectPrompt key="bucket" title="Bucket of the new hypothesis" choices={BUCKET_CHOICES} rows={rows} onCancel={onCancel} onSelect={onBucket} />;
  }
  if (prompt.kind === 'class') {
    return (
      <SelectPrompt
        key="class"
        title={`Class (${prompt.bucket})`}
        choices={CLASS_CHOICES}
        rows={rows}
        onCancel={onCancel}
        onSelect={(c) => onClass(prompt.bucket, c)}
      />
    );
  }
  return (
    <SelectPrompt
      key="severity"
      title="Severity: how fast it needs a response"
      choices={SEVERITY_CHOICES}
      rows={rows}
      onCancel={onCancel}
      onSelect={onSeverity}
    />
  );
}

/** What a submitted line does (verdict reasons aside): an intent and what to say once recorded, or the next prompt. */
export function textIntent(workbench: Workbench, p: Prompt, text: string): { result: LedgerResult; done: string } | { next: Prompt } | undefined {
  switch (p.kind) {
    case 'hypothesis':
      return { result: workbench.addHypothesis({ bucket: p.bucket, class: p.class, text }), done: 'hypothesis added' };
    case 'mechanism':
      return { result: workbench.setMechanism({ text }), done: 'mechanism named' };
    case 'missing':
      return { result: workbench.setMechanism({ missing: text }), done: 'mechanism: not yet named, with what is missing' };
    case 'lever':
      return { next: { kind: 'owner', lever: text } };
    case 'owner':
      return { result: workbench.setFix(p.lever, text), done: 'fix shape and owner set' };
    case 'title':
      return { result: workbench.setTitle(text), done: 'title set' };
    case 'followup':
      return { result: workbench.addFollowup(text), done: 'follow-up added' };
    default:
      return undefined;
  }
}
