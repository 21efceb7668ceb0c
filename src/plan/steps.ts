import type { StepId } from '../model';

export interface StepDefinition {
  id: StepId;
  number: number;
  title: string;
  question: string;
  /** What to look for, from the triage frame (reference 000). */
  lookFor: string[];
}

// The seven-step triage order, in the order a person walks it.
export const STEPS: readonly StepDefinition[] = [
  {
    id: 'contract',
    number: 1,
    title: 'Contract',
    question: 'Does the test contract still match product behaviour?',
    lookFor: [
      'stale expected terminal events, outdated fixtures, renamed statuses, old snapshots',
      'failing assertions of the form "expected X, got Y" on statuses, events or payloads',
    ],
  },
  {
    id: 'environment',
    number: 2,
    title: 'Environment',
    question: 'Is the environment actually ready?',
    lookFor: [
      'service health, cluster dependencies, seeded config, storage, queues, required ports',
      'pods not ready, crash loops, OOM kills, autoscalers pinned at max, warning events',
    ],
  },
  {
    id: 'versions',
    number: 3,
    title: 'Versions',
    question: 'Is every part of the stack on the version we think?',
    lookFor: [
      'deployed build SHA vs the expected one: fix merged is not fix deployed',
      'worker images, schemas, container tags; one workload on two digests mid-rollout',
    ],
  },
  {
    id: 'auth-config',
    number: 4,
    title: 'Auth & config',
    question: 'Are auth and config wired?',
    lookFor: [
      'tokens, permissions, endpoints, namespaces, feature flags, tenant resolution',
      'required secrets, config keys and env names present (names only, never values)',
    ],
  },
  {
    id: 'rerun',
    number: 5,
    title: 'Rerun semantics',
    question: 'Would a rerun behave the same?',
    lookFor: [
      'dedupe, idempotency, cleanup: leftover state that blocks an identical rerun',
      'duplicate-suppression and "already exists" signatures; same commit both passing and failing',
    ],
  },
  {
    id: 'data-path',
    number: 6,
    title: 'Data path',
    question: 'Did the data path complete?',
    lookFor: ['task execution, artifact generation, uploads, persistence, downstream reads', 'a workflow that looks complete with absent or empty results'],
  },
  {
    id: 'observability',
    number: 7,
    title: 'Observability',
    question: 'Can we follow one trace end-to-end?',
    lookFor: [
      'one trace / job / execution across logs, events and state: where it stops',
      'the first error on the trace; a generic user-facing error hiding the real one',
    ],
  },
];
