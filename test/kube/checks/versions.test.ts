import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { analyzeImages } from '../../../src/kube/checks/versions/images';
import { analyzeRollouts } from '../../../src/kube/checks/versions/rollouts';
import { analyzeBuildSha, podRevisions, sameCommit } from '../../../src/kube/checks/versions/build-sha';
import { analyzeServerVersion } from '../../../src/kube/checks/versions/server';
import { digestOf, floatingTag, imageTag } from '../../../src/kube/analyze/images';
import { CASES, DEMO_BUNDLE } from './bundle-source';
import { optionsFor, resourcesOf } from './resources';
import { expectOutcome, type Expectation } from './expect';

const HEALTHY = join(CASES, 'healthy');
const BROKEN = join(CASES, 'broken');
const FIX_SHA = '9f3c2e1b7a5d4c3e2f1a0b9c8d7e6f5a4b3c2d1e';
const CHECKOUT_2_8_0 = 'b81f0c4d6e2a9f1b3c5d7e9f1a3b5c7d9e1f3a5b';
const SERVER = { gitVersion: 'v1.30.2', platform: 'linux/amd64' };

const images = (dir: string) => analyzeImages(resourcesOf(dir), optionsFor(dir));
const rollouts = (dir: string) => analyzeRollouts(resourcesOf(dir), optionsFor(dir));
const buildSha = (dir: string, expectedSha: string) => analyzeBuildSha({ expectedSha, ...resourcesOf(dir) }, optionsFor(dir));

describe('image references', () => {
  it.each([
    ['registry.example.com/shop/checkout:2.8.0', '2.8.0', undefined],
    ['registry.example.com:5000/shop/e2e-runner:latest', 'latest', 'latest'],
    ['registry.example.com:5000/shop/worker', undefined, 'untagged'],
    ['busybox', undefined, 'untagged'],
    [`ghcr.io/example/web@sha256:${'a'.repeat(64)}`, undefined, undefined],
  ] as const)('%s has tag %s and floats as %s', (image, tag, floating) => {
    expect(imageTag(image)).toBe(tag);
    expect(floatingTag(image)).toBe(floating);
  });

  it('reads the digest from docker-pullable, containerd and bare image IDs', () => {
    const hex = 'b'.repeat(64);
    expect(digestOf(`docker-pullable://registry/x@sha256:${hex}`)).toBe(`sha256:${hex}`);
    expect(digestOf(`registry/x@sha256:${hex}`)).toBe(`sha256:${hex}`);
    expect(digestOf(`sha256:${hex}`)).toBe(`sha256:${hex}`);
    expect(digestOf('')).toBeUndefined();
  });
});

describe('versions checks', () => {
  it('images: lists workload -> container -> image -> digest and passes when every tag is pinned', () => {
    expectOutcome(images(HEALTHY), {
      behaviour: '',
      status: 'pass',
      summary: ['4 workloads, 4 images, every tag pinned'],
      evidence: [
        '[shop/deployment/web] web: ghcr.io/example/web:4.1.0@sha256:',
        '(2 pods)',
        '[shop/job/migrate-42] migrate: ghcr.io/example/web:4.1.0 @ sha256:d76f09415f95 (1 pod, 1 finished)',
      ],
    });
  });

  it('rollouts: passes when every workload runs one revision and one digest', () => {
    expect(rollouts(HEALTHY).status).toBe('pass');
  });

  it('server: passes with the server and kubelet versions in the summary', () => {
    const r = resourcesOf(HEALTHY);
    expectOutcome(analyzeServerVersion({ server: SERVER, nodes: r.nodes }, optionsFor(HEALTHY)), {
      behaviour: '',
      status: 'pass',
      summary: ['API server v1.30.2 linux/amd64; kubelets v1.30.4 (2 nodes)'],
      replay: 'kubectl version',
    });
  });

  const FINDS: (Expectation & { outcome: () => ReturnType<typeof images> })[] = [
    {
      behaviour: 'rollouts: names a deployment mid-rollout (its status: 2 of 3 updated) on two ReplicaSets and two digests, with revisions and when it started',
      outcome: () => rollouts(DEMO_BUNDLE),
      status: 'warn',
      bucket: 'version-drift',
      summary: ['shop/deployment/checkout mid-rollout on 2 ReplicaSets, checkout on 2 digests'],
      evidence: [
        '[shop/deployment/checkout] ReplicaSet checkout-6f9c7d8b5d (revision 11): 2 pods, checkout registry.example.com/shop/checkout:2.7.1 @ sha256:db73eecd5470',
        '[shop/deployment/checkout] ReplicaSet checkout-7b4d9f6c8 (revision 12): 2 pods (1 not running), checkout registry.example.com/shop/checkout:2.8.0 @ sha256:4116a60f30a7',
        '[shop/deployment/checkout] deployment 2 of 3 updated, 4 replicas in all; Progressing=False (ProgressDeadlineExceeded)',
      ],
      absent: ['checkout-58c6d9b7f', 'opentelemetry', 'payments-worker'],
      replay: 'kubectl get rs -n shop -o wide',
    },
    {
      behaviour: 'rollouts: fails when one tag runs as two digests (re-pushed tag)',
      outcome: () => rollouts(BROKEN),
      status: 'fail',
      bucket: 'build-artifact',
      summary: ['kube-system/daemonset/agent agent on 2 digests'],
      evidence: ['registry.local/agent:1.0 resolves to 2 digests: the tag was re-pushed between pulls'],
    },
    {
      behaviour: 'images: warns on :latest in a pod of this run and leaves out the finished pod of an older run',
      outcome: () => images(DEMO_BUNDLE),
      status: 'warn',
      bucket: 'version-drift',
      summary: ['1 container on a floating tag: shop-e2e/job/e2e-checkout-flow-1907 e2e runs registry.example.com/shop/e2e-runner:latest'],
      evidence: ['[shop/deployment/checkout] checkout: registry.example.com/shop/checkout:2.7.1 @ sha256:db73eecd5470 (2 pods)'],
      absent: ['e2e-run-1841'],
    },
    {
      behaviour: 'images: warns on untagged images',
      outcome: () => images(BROKEN),
      status: 'warn',
      summary: ['shop/deployment/worker worker runs registry.local/shop/worker (untagged)', 'shop/pod/debug debug runs busybox (untagged)'],
    },
    {
      behaviour: 'build-sha: names "merged but not deployed" when no pod reports the expected SHA, with what each workload runs',
      outcome: () => buildSha(DEMO_BUNDLE, FIX_SHA),
      status: 'fail',
      bucket: 'version-drift',
      summary: ['fix 9f3c2e1 is merged but not deployed: no running pod reports it (4 workloads report other revisions)'],
      evidence: [
        '[shop/deployment/payments-worker] runs 5e1d2c4 in 2 pods since 2026-06-14T06:10:12Z, not 9f3c2e1 (annotation org.opencontainers.image.revision)',
      ],
    },
    {
      behaviour: 'build-sha: warns when the expected SHA runs in only part of a workload',
      outcome: () => buildSha(DEMO_BUNDLE, CHECKOUT_2_8_0.slice(0, 12)),
      status: 'warn',
      summary: ['b81f0c4 only partly deployed: 2 of 4 pods of shop/deployment/checkout'],
      evidence: ['the others report 3d5a0b7'],
    },
    {
      behaviour: 'build-sha: says the check is blind when no pod reports a revision',
      outcome: () => buildSha(BROKEN, FIX_SHA),
      status: 'warn',
      bucket: 'weak-observability',
      summary: ['no running pod reports a revision, so 9f3c2e1 cannot be checked here'],
    },
    {
      behaviour: 'build-sha: passes where the expected SHA runs in every pod of a workload',
      outcome: () => buildSha(HEALTHY, '1111111aaaaaaa'),
      status: 'pass',
      summary: ['1111111 runs in shop/deployment/web'],
    },
    {
      behaviour: 'server: warns on a kubelet more than three minors behind the API server',
      outcome: () => analyzeServerVersion({ server: SERVER, nodes: resourcesOf(BROKEN).nodes }, optionsFor(BROKEN)),
      status: 'warn',
      bucket: 'version-drift',
      summary: ['1 node on kubelet v1.26.9, server v1.30.2'],
      evidence: ['mixed kubelets: v1.30.4 (2 nodes), v1.26.9 (1 node)'],
    },
  ];
  it.each(FINDS)('$behaviour', ({ outcome, ...e }) => expectOutcome(outcome(), e));
});

describe('revisions pods report', () => {
  it('reads SHAs from revision annotations, SHA image tags and versions with letters, not plain version numbers', () => {
    const pod = {
      metadata: {
        name: 'p',
        namespace: 'ns',
        annotations: { 'org.opencontainers.image.revision': 'ABCDEF1234567', 'app.kubernetes.io/version': '1.2.3' },
        labels: { 'app.kubernetes.io/version': '2024050' },
      },
      spec: {
        containers: [
          { name: 'api', image: 'r/api:main-9f3c2e1' },
          { name: 'side', image: 'r/side:1.0.0' },
        ],
      },
      status: {},
    };
    expect(podRevisions(pod, 'ns/deployment/x').map((r) => `${r.where}=${r.sha}`)).toEqual([
      'annotation org.opencontainers.image.revision=abcdef1234567',
      'image tag of api=9f3c2e1',
    ]);
  });

  it('treats a 7-character prefix as the same commit and shorter ones as unknown', () => {
    expect(sameCommit('9f3c2e1', FIX_SHA)).toBe(true);
    expect(sameCommit(FIX_SHA.toUpperCase(), '9f3c2e1b7a')).toBe(true);
    expect(sameCommit('9f3c2e', FIX_SHA)).toBe(false);
    expect(sameCommit('9f3c2e2', FIX_SHA)).toBe(false);
  });
});
