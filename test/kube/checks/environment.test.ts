import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { analyzeNodes } from '../../../src/kube/checks/environment/nodes';
import { analyzePods } from '../../../src/kube/checks/environment/pods';
import { analyzeWorkloads } from '../../../src/kube/checks/environment/workloads';
import { analyzeVolumes } from '../../../src/kube/checks/environment/volumes';
import { analyzeEvents } from '../../../src/kube/checks/environment/events';
import { analyzeAutoscalers } from '../../../src/kube/checks/environment/autoscalers';
import { analyzeServices } from '../../../src/kube/checks/environment/services';
import type { AnalyzeOptions } from '../../../src/kube/checks/kit';
import type { CheckOutcome } from '../../../src/model';
import { CASES, DEMO_BUNDLE } from './bundle-source';
import { optionsFor, resourcesOf, type Resources } from './resources';
import { expectOutcome, type Expectation } from './expect';

const HEALTHY = join(CASES, 'healthy');
const BROKEN = join(CASES, 'broken');

const ANALYZERS: Record<string, (r: Resources, o: AnalyzeOptions) => CheckOutcome> = {
  nodes: (r, o) => analyzeNodes(r.nodes, o),
  pods: (r, o) => analyzePods({ pods: r.pods, events: r.events }, o),
  workloads: (r, o) => analyzeWorkloads(r, o),
  volumes: (r, o) => analyzeVolumes({ claims: r.claims, events: r.events }, o),
  events: (r, o) => analyzeEvents(r.events, o),
  autoscalers: (r, o) => analyzeAutoscalers(r.hpas, o),
  services: (r, o) => analyzeServices(r, o),
};

const run = (check: string, dir: string) => ANALYZERS[check]!(resourcesOf(dir), optionsFor(dir));

describe('environment checks on a healthy cluster', () => {
  it.each(Object.keys(ANALYZERS))('%s passes and names nothing as a problem', (check) => {
    const outcome = run(check, HEALTHY);
    expect(outcome.status, outcome.summary).toBe('pass');
    expect(outcome.bucket).toBeUndefined();
    expect(outcome.replay).toMatch(/^kubectl /);
  });
});

const FINDS: (Expectation & { check: string; dir: string })[] = [
  {
    check: 'nodes',
    dir: BROKEN,
    behaviour: 'fails on a node whose kubelet stopped posting status, with its last heartbeat',
    status: 'fail',
    bucket: 'environment-not-ready',
    summary: ['kind-worker2 Ready=Unknown'],
    evidence: [
      '[node/kind-worker2] Ready=Unknown (NodeStatusUnknown): Kubelet stopped posting node status. since 2026-03-02T14:21:00Z; last heartbeat 2026-03-02T14:16:00Z',
    ],
    replay: 'kubectl describe node kind-worker2',
  },
  {
    check: 'nodes',
    dir: BROKEN,
    behaviour: 'names disk pressure and a cordoned node',
    status: 'fail',
    summary: ['kind-worker3 DiskPressure, cordoned'],
    evidence: ['[node/kind-worker3] DiskPressure since 2026-03-02T14:10:00Z (for 20m)', '[node/kind-worker3] cordoned (spec.unschedulable)'],
  },
  {
    check: 'nodes',
    dir: DEMO_BUNDLE,
    behaviour: 'warns on memory pressure with the taint it brings',
    status: 'warn',
    bucket: 'resource-pressure',
    summary: ['stg-pool-b-2ct8w MemoryPressure'],
    evidence: ['[node/stg-pool-b-2ct8w] MemoryPressure since 2026-06-15T08:58:02Z', 'taint node.kubernetes.io/memory-pressure:NoSchedule'],
    absent: ['stg-pool-a-7xk2p'],
  },
  {
    check: 'pods',
    dir: DEMO_BUNDLE,
    behaviour: 'reports CrashLoopBackOff with OOMKilled as the last termination and the restart count',
    status: 'fail',
    bucket: 'resource-pressure',
    summary: ['shop/payments-worker-5c8d7b9f4-qp9zr CrashLoopBackOff (last: OOMKilled, 6 restarts)'],
    evidence: ['[shop/pod/payments-worker-5c8d7b9f4-qp9zr] container payments-worker last terminated OOMKilled (exit 137) at 2026-06-15T09:09:40Z, 6 restarts'],
    replay: 'kubectl logs -n shop payments-worker-5c8d7b9f4-qp9zr -c payments-worker --previous',
  },
  {
    check: 'pods',
    dir: DEMO_BUNDLE,
    behaviour: "reports a Pending pod with the scheduler's reason and how often it tried",
    status: 'fail',
    evidence: [
      '[shop/pod/checkout-7b4d9f6c8-m2j8c] Pending, not scheduled (Unschedulable): 0/3 nodes are available: 1 node(s) had untolerated taint',
      '2 Insufficient memory',
      'FailedScheduling ×17, last at 2026-06-15T09:11:31.204000Z',
    ],
  },
  {
    check: 'pods',
    dir: DEMO_BUNDLE,
    behaviour: 'reports an eviction and a recent OOM restart of a pod that runs again',
    status: 'fail',
    evidence: [
      '[monitoring/pod/opentelemetry-kube-stack-deployment-collector-6d4f8b7c9-2xw7q] Evicted: The node was low on resource: memory.',
      '[shop/pod/payments-worker-5c8d7b9f4-x7k2m] container payments-worker last terminated OOMKilled (exit 137) at 2026-06-15T09:02:13Z, 4 restarts; running again since 2026-06-15T09:03:34Z',
    ],
    absent: ['e2e-checkout-flow-1907', 'api-gateway', 'e2e-checkout-flow-1841'],
  },
  {
    check: 'pods',
    dir: BROKEN,
    behaviour: 'reports ImagePullBackOff, CreateContainerConfigError, stuck ContainerCreating and not-ready pods with the latest warning',
    status: 'fail',
    bucket: 'auth-config-mismatch',
    summary: ['6 pods not healthy', 'shop/worker-5d6e7f8a9-r5t6y CreateContainerConfigError'],
    evidence: [
      "CreateContainerConfigError: couldn't find key TOKEN in Secret shop/worker-secrets",
      '[shop/pod/api-6b7c8d9f4-k2x9p] container api waiting: ImagePullBackOff: Back-off pulling image "registry.local/shop/api:2.0.0"',
      '[shop/pod/reports-0] container reports ContainerCreating for 12m',
      '[shop/pod/reports-0] latest warning FailedMount ×9: MountVolume.SetUp failed for volume "certs" : secret "reports-tls" not found',
      '[shop/pod/db-0] container db running but not ready since 2026-03-02T14:01:00Z',
      '[shop/pod/worker-5d6e7f8a9-u7i8o] container worker last terminated Error (exit 1)',
    ],
    absent: ['nightly-report', '[shop/pod/debug]'],
    replay: 'kubectl describe pod -n shop worker-5d6e7f8a9-r5t6y',
  },
  {
    check: 'workloads',
    dir: DEMO_BUNDLE,
    behaviour: 'reports a deployment below desired and a rollout past its progress deadline',
    status: 'fail',
    summary: ['deployment shop/payments-worker 1/2 ready', 'deployment shop/checkout rollout stalled (ProgressDeadlineExceeded), 2/3 updated'],
    evidence: ['[shop/deployment/checkout] Progressing=False (ProgressDeadlineExceeded): ReplicaSet "checkout-7b4d9f6c8" has timed out progressing.'],
    replay: 'kubectl describe deployment -n shop payments-worker',
  },
  {
    check: 'workloads',
    dir: BROKEN,
    behaviour: 'reports statefulsets and daemonsets below desired',
    status: 'fail',
    summary: ['statefulset shop/db 0/1 ready'],
    evidence: ['[kube-system/daemonset/agent] daemonset 2/3 ready', '[shop/deployment/api] deployment 0/2 ready'],
  },
  {
    check: 'volumes',
    dir: BROKEN,
    behaviour: 'fails on a claim the provisioner cannot bind and only warns on one waiting for its first consumer',
    status: 'fail',
    bucket: 'environment-not-ready',
    summary: ['shop/exports Pending (ProvisioningFailed)', 'shop/scratch Pending (WaitForFirstConsumer)'],
    evidence: ['[shop/persistentvolumeclaim/exports] ProvisioningFailed ×8: storageclass.storage.k8s.io "fast-ssd" not found'],
    replay: 'kubectl describe pvc -n shop exports',
  },
  {
    check: 'events',
    dir: DEMO_BUNDLE,
    behaviour: 'groups warnings by reason and object with summed counts, series counts and last time',
    status: 'warn',
    summary: ['9 warning event groups', 'FailedScheduling ×17 on shop/pod/checkout-7b4d9f6c8-m2j8c'],
    evidence: [
      '[node/stg-pool-b-2ct8w] OOMKilling ×6 (2026-06-15T08:49:01Z – 2026-06-15T09:09:40Z): Memory cgroup out of memory',
      '[shop/pod/payments-worker-5c8d7b9f4-qp9zr] BackOff ×14',
      '[shop-e2e/job/e2e-checkout-flow-1907] BackoffLimitExceeded ×1',
    ],
    absent: ['SuccessfulRescale', 'ScalingReplicaSet', 'Pulled'],
    replay: 'kubectl get events -n shop --field-selector involvedObject.name=checkout-7b4d9f6c8-m2j8c',
  },
  {
    check: 'events',
    dir: BROKEN,
    behaviour: 'leaves out warnings older than an hour',
    status: 'warn',
    absent: ['ancient-pod', 'WaitForFirstConsumer'],
    evidence: ['[shop/pod/reports-0] FailedMount ×9'],
  },
  {
    check: 'autoscalers',
    dir: DEMO_BUNDLE,
    behaviour: 'fails on an autoscaler pinned at maxReplicas with memory above target',
    status: 'fail',
    bucket: 'resource-pressure',
    summary: ['monitoring/opentelemetry-kube-stack-deployment-collector pinned at maxReplicas 4 with memory 134% of request (target 80%)'],
    evidence: [
      'deployment/opentelemetry-kube-stack-deployment-collector at 4/4 replicas (maxReplicas), desired 4, min 2',
      'metrics: memory 134% of request (target 80%); cpu 46% of request (target 70%)',
      'ScalingLimited (TooManyReplicas): the desired replica count is more than the maximum replica count',
    ],
    replay: 'kubectl describe hpa -n monitoring opentelemetry-kube-stack-deployment-collector',
  },
  {
    check: 'autoscalers',
    dir: BROKEN,
    behaviour: 'only warns when pinned below target, and warns on an autoscaler without metrics',
    status: 'warn',
    summary: ['shop/worker pinned at maxReplicas 2', 'shop/api cannot scale (FailedGetResourceMetric)'],
    evidence: ['metrics: cpu 35% of request (target 80%)', 'ScalingActive=False (FailedGetResourceMetric)'],
  },
  {
    check: 'services',
    dir: DEMO_BUNDLE,
    behaviour: 'reports a selector that sees only N of M pods of its workload, naming the label the rest lack',
    status: 'fail',
    bucket: 'selector-label-mismatch',
    summary: ['shop/checkout sees 2 of 4 pods of shop/deployment/checkout'],
    evidence: [
      '[shop/service/checkout] selector app=checkout sees 2 of 4 pods of shop/deployment/checkout (3 of the 4 ready)',
      'not selected: checkout-7b4d9f6c8-r4t6n (ready), created 2026-06-15T08:52:41Z: lacks app=checkout',
      '[shop/service/checkout] endpoints: 2 ready, 0 not ready',
      // The crash-looping worker is parked in its Service's notReadyAddresses: a warning after the selector failure.
      '[shop/service/payments-worker] notReadyAddresses: pod/payments-worker-5c8d7b9f4-qp9zr (10.244.2.12)',
    ],
    absent: ['api-gateway'],
    replay: 'kubectl get pods -n shop -o wide -L app',
  },
  {
    check: 'services',
    dir: BROKEN,
    behaviour: 'reports a selector matching no pod with the pods it likely meant, and one with no ready pod',
    status: 'fail',
    summary: ['shop/api selector app=api matches no pod', 'shop/worker has no ready pod (2 selected)'],
    evidence: ['pod api-6b7c8d9f4-k2x9p is not selected: lacks app=api', '[shop/service/worker] endpoints: 0 ready, 1 not ready'],
    absent: ['payments'],
  },
];

describe('environment checks find what is wrong', () => {
  it.each(FINDS)('$check: $behaviour', ({ check, dir, ...e }) => expectOutcome(run(check, dir), e));
});
