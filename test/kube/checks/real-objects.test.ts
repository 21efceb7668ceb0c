// Checks on objects shaped as real clusters publish them (issue 10, "missed in real objects").
// Sources of the shapes:
// - HPA conditions AbleToScale/ScalingActive and the FailedGetScale message: Kubernetes docs,
//   https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough/#appendix-horizontal-pod-autoscaler-status-conditions
//   and kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go ("the HPA controller was unable to get the target's current scale: %v").
// - Service my-nginx and its Endpoints (addresses with targetRef): Kubernetes docs,
//   https://kubernetes.io/docs/tutorials/services/connect-applications-service/ ; notReadyAddresses as in
//   https://kubernetes.io/docs/reference/kubernetes-api/service-resources/endpoints-v1/
// - kube-root-ca.crt in every pod's projected kube-api-access volume: Kubernetes docs,
//   https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-token-volume
import { describe, expect, it } from 'vitest';
import { analyzeAutoscalers } from '../../../src/kube/checks/environment/autoscalers';
import { analyzeKeys, podRequirements } from '../../../src/kube/checks/auth-config/keys';
import { hpaSchema, podSchema } from '../../../src/kube/analyze/resources';
import { kubectlFor, type AnalyzeOptions } from '../../../src/kube/checks/kit';
import { analyzeServices } from '../../../src/kube/checks/environment/services';
import { endpointsSchema, serviceSchema } from '../../../src/kube/analyze/resources';
import { expectOutcome } from './expect';
import { lines } from './resources';
import { analyzeJobs } from '../../../src/kube/checks/data-path/jobs';
import { analyzePods } from '../../../src/kube/checks/environment/pods';
import { jobSchema } from '../../../src/kube/analyze/resources';

const o: AnalyzeOptions = { now: new Date('2024-05-02T10:00:00Z'), kubectl: kubectlFor([]), scope: ['-A'] };

describe('autoscalers on real objects', () => {
  it('an HPA that cannot get its target scale (AbleToScale=False FailedGetScale) does not pass as below maxReplicas', () => {
    const hpa = hpaSchema.parse({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'php-apache', namespace: 'default' },
      spec: {
        maxReplicas: 10,
        minReplicas: 1,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
      status: {
        currentReplicas: 0,
        desiredReplicas: 0,
        conditions: [
          {
            type: 'AbleToScale',
            status: 'False',
            reason: 'FailedGetScale',
            lastTransitionTime: '2024-05-02T09:12:41Z',
            message: 'the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "php-apache" not found',
          },
        ],
      },
    });
    expectOutcome(analyzeAutoscalers([hpa], o), {
      behaviour: '',
      status: 'warn',
      summary: ['default/php-apache cannot scale (FailedGetScale)'],
      evidence: ["AbleToScale=False (FailedGetScale): the HPA controller was unable to get the target's current scale"],
      replay: 'kubectl describe hpa -n default php-apache',
    });
  });

  it('names both AbleToScale=False and ScalingActive=False when both are set', () => {
    const hpa = hpaSchema.parse({
      metadata: { name: 'web', namespace: 'shop' },
      spec: { maxReplicas: 5, scaleTargetRef: { kind: 'Deployment', name: 'web' } },
      status: {
        currentReplicas: 2,
        desiredReplicas: 2,
        conditions: [
          {
            type: 'AbleToScale',
            status: 'False',
            reason: 'FailedGetScale',
            message: 'the HPA controller was unable to get the target\'s current scale: no matches for kind "Deployment"',
          },
          {
            type: 'ScalingActive',
            status: 'False',
            reason: 'FailedGetResourceMetric',
            message: 'the HPA was unable to compute the replica count: unable to get metrics for resource cpu',
          },
        ],
      },
    });
    const out = analyzeAutoscalers([hpa], o);
    expect(out.status).toBe('warn');
    expect(out.evidence.map((e) => e.text)).toEqual([
      expect.stringContaining('AbleToScale=False (FailedGetScale)'),
      expect.stringContaining('ScalingActive=False (FailedGetResourceMetric)'),
    ]);
    expect(out.facts?.length).toBe(1);
  });
});

describe('secrets and config maps on real objects', () => {
  // A pod as the API server returns it after service-account admission: the projected token volume.
  const pod = podSchema.parse({
    metadata: { name: 'nginx-7c5ddbdf54-2xjlq', namespace: 'default' },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx:1.25' }],
      volumes: [
        {
          name: 'kube-api-access-5xkqz',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
            ],
          },
        },
      ],
    },
  });

  it('does not call kube-root-ca.crt missing when the bundle did not capture it', () => {
    const out = analyzeKeys({ requirements: podRequirements(pod, 'default/deployment/nginx'), secrets: [], configMaps: [] }, o);
    expect(out.status, out.summary).toBe('pass');
    expect(out.summary).not.toContain('kube-root-ca.crt');
  });

  it('still checks kube-root-ca.crt when the plan names it', () => {
    const out = analyzeKeys(
      {
        requirements: [{ kind: 'ConfigMap', namespace: 'default', name: 'kube-root-ca.crt', keys: ['ca.crt'], neededBy: 'the plan' }],
        secrets: [],
        configMaps: [],
      },
      o,
    );
    expect(out.status).toBe('fail');
  });
});

describe('services on real objects', () => {
  const nginx = (name: string, ip: string) =>
    podSchema.parse({
      metadata: { name, namespace: 'default', labels: { run: 'my-nginx', 'pod-template-hash': '5b56ccd65f' } },
      spec: { containers: [{ name: 'my-nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] },
      status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: 'True' }] },
    });
  const svc = serviceSchema.parse({
    metadata: { name: 'my-nginx', namespace: 'default', labels: { run: 'my-nginx' } },
    spec: { ports: [{ port: 80, protocol: 'TCP' }], selector: { run: 'my-nginx' }, type: 'ClusterIP', clusterIP: '10.0.162.149' },
  });
  const endpoints = (notReady: boolean) =>
    endpointsSchema.parse({
      metadata: { name: 'my-nginx', namespace: 'default' },
      subsets: [
        {
          addresses: [
            { ip: '10.244.2.5', nodeName: 'kubernetes-minion-ljyd', targetRef: { kind: 'Pod', name: 'my-nginx-3800858182-jr4a2', namespace: 'default' } },
            ...(notReady ? [] : [{ ip: '10.244.3.4', targetRef: { kind: 'Pod', name: 'my-nginx-3800858182-kna2y', namespace: 'default' } }]),
          ],
          ...(notReady
            ? {
                notReadyAddresses: [
                  { ip: '10.244.3.4', nodeName: 'kubernetes-minion-905m', targetRef: { kind: 'Pod', name: 'my-nginx-3800858182-kna2y', namespace: 'default' } },
                ],
              }
            : {}),
          ports: [{ port: 80, protocol: 'TCP' }],
        },
      ],
    });
  const pods = [nginx('my-nginx-3800858182-jr4a2', '10.244.2.5'), nginx('my-nginx-3800858182-kna2y', '10.244.3.4')];

  it('warns when a backend sits in notReadyAddresses, naming it', () => {
    expectOutcome(analyzeServices({ services: [svc], pods, endpoints: [endpoints(true)] }, o), {
      behaviour: '',
      status: 'warn',
      bucket: 'environment-not-ready',
      summary: ['default/my-nginx has 1 backend not ready in its endpoints'],
      evidence: ['endpoints: 1 ready, 1 not ready', 'notReadyAddresses: pod/my-nginx-3800858182-kna2y (10.244.3.4)'],
      replay: 'kubectl get endpoints -n default my-nginx -o yaml',
    });
  });

  it('passes when every backend is in addresses', () => {
    expect(analyzeServices({ services: [svc], pods, endpoints: [endpoints(false)] }, o).status).toBe('pass');
  });
});

describe('summaries', () => {
  const hpaAtMax = (name: string) =>
    hpaSchema.parse({
      metadata: { name, namespace: 'shop' },
      spec: { maxReplicas: 4, scaleTargetRef: { kind: 'Deployment', name } },
      status: { currentReplicas: 4, desiredReplicas: 4 },
    });
  it('names all four when four are at the limit, and three and a count past four', () => {
    const four = analyzeAutoscalers(['a', 'b', 'c', 'd'].map(hpaAtMax), o).summary;
    for (const n of ['a', 'b', 'c', 'd']) expect(four).toContain(`shop/${n} pinned at maxReplicas 4`);
    expect(four).not.toContain('more');
    const five = analyzeAutoscalers(['a', 'b', 'c', 'd', 'e'].map(hpaAtMax), o).summary;
    expect(five).toContain('; and 2 more');
  });
});

// CrashLoopBackOff after a StartError, as `kubectl get pod -o yaml` prints it for a command typo
// (containerd's message; the lastState shape per https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/).
describe('pods on real objects', () => {
  it('shows the last termination message of a CrashLoopBackOff container', async () => {
    const { analyzePods } = await import('../../../src/kube/checks/environment/pods');
    const pod = podSchema.parse({
      metadata: { name: 'typo-6d4cf56db6-8xq2z', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['wge', 'http://example.com'] }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 4,
            image: 'busybox:1.36',
            imageID: '',
            started: false,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=app pod=typo-6d4cf56db6-8xq2z_default' } },
            lastState: {
              terminated: {
                exitCode: 128,
                reason: 'StartError',
                startedAt: '1970-01-01T00:00:00Z',
                finishedAt: '2024-05-02T09:58:11Z',
                message:
                  'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "wge": executable file not found in $PATH: unknown',
              },
            },
          },
        ],
      },
    });
    const out = analyzePods({ pods: [pod], events: [] }, o);
    expect(out.status).toBe('fail');
    expect(out.evidence.map((e) => e.text).join('\n')).toContain('exec: "wge": executable file not found');
  });
});

// OOM-killed and node-restarted containers, in the shapes the kubelet reports them:
// - Job `pi` (perl:5.34.0, backoffLimit 4): https://kubernetes.io/docs/concepts/workloads/controllers/job/#running-an-example-job
// - a container killed for exceeding its memory limit (`reason: OOMKilled`, `exitCode: 137`),
//   memory-demo-2: https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/#exceed-a-container-s-memory-limit
// - a container containerd found gone after its node rebooted: exit code 255, reason "Unknown"
//   (containerd internal/cri/server/helpers.go, unknownExitCode / unknownExitReason,
//   https://github.com/containerd/containerd/blob/main/internal/cri/server/helpers.go); kubeadm's
//   static control-plane pods on a kind node: https://kind.sigs.k8s.io/docs/user/quick-start/
describe('OOM-killed job pods and node restarts on real objects', () => {
  const oomTerminated = {
    containerID: 'containerd://65183c1877aaec2e8427bc95609cc52677a454b56fcb24340dbd22917c23b10f',
    exitCode: 137,
    finishedAt: '2024-05-02T09:52:19Z',
    reason: 'OOMKilled',
    startedAt: '2024-05-02T09:52:07Z',
  };
  const piPod = (phase: string) =>
    podSchema.parse({
      metadata: {
        name: 'pi-9hx6k',
        namespace: 'default',
        creationTimestamp: '2024-05-02T09:52:05Z',
        labels: { 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi' },
        ownerReferences: [
          { apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'c2a8c4e4-2b3c-4a5f-9f53-2d1c1b0e1f11', controller: true, blockOwnerDeletion: true },
        ],
      },
      spec: {
        restartPolicy: 'Never',
        containers: [
          { name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], resources: { limits: { memory: '100Mi' } } },
        ],
      },
      status: {
        phase,
        startTime: '2024-05-02T09:52:05Z',
        containerStatuses: [
          {
            name: 'pi',
            image: 'docker.io/library/perl:5.34.0',
            imageID: `docker.io/library/perl@sha256:${'3d'.repeat(32)}`,
            ready: false,
            restartCount: 0,
            state: { terminated: oomTerminated },
          },
        ],
      },
    });
  const job = (failed: boolean) =>
    jobSchema.parse({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default', uid: 'c2a8c4e4-2b3c-4a5f-9f53-2d1c1b0e1f11' },
      spec: { backoffLimit: 4, completions: 1 },
      status: failed
        ? {
            failed: 5,
            startTime: '2024-05-02T09:52:05Z',
            conditions: [
              {
                type: 'Failed',
                status: 'True',
                reason: 'BackoffLimitExceeded',
                message: 'Job has reached the specified backoff limit',
                lastTransitionTime: '2024-05-02T09:58:40Z',
              },
            ],
          }
        : { active: 1, failed: 1, startTime: '2024-05-02T09:52:05Z' },
    });

  it('names the OOM kill of a Job pod while the Job is still retrying', () => {
    const out = analyzeJobs({ jobs: [job(false)], pods: [piPod('Failed')], required: [] }, o);
    expect(out.status, out.summary).toBe('warn');
    expect(out.summary).toContain('default/pi retrying after 1 failed pod: pod OOMKilled (exit 137)');
    expect(out.bucket).toBe('resource-pressure');
    expect(lines(out)).toContain('pod pi-9hx6k OOMKilled (exit 137) at 2024-05-02T09:52:19Z');
    expect(out.facts?.[0]).toMatchObject({ kind: 'terminated', phrase: expect.stringContaining('OOM-killed (exit 137)') });
  });

  it('names the OOM kill in the headline of a Job that failed on it', () => {
    expectOutcome(analyzeJobs({ jobs: [job(true)], pods: [piPod('Failed')], required: [] }, o), {
      behaviour: '',
      status: 'fail',
      bucket: 'resource-pressure',
      summary: ['default/pi Failed (BackoffLimitExceeded): pod OOMKilled (exit 137)'],
      evidence: ['pod pi-9hx6k OOMKilled (exit 137)'],
    });
  });

  it('names OOMKilled on a failed pod that no Job owns', () => {
    const bare = podSchema.parse({ ...piPod('Failed'), metadata: { name: 'memory-demo-2', namespace: 'mem-example' } });
    expectOutcome(analyzePods({ pods: [bare] }, o), {
      behaviour: '',
      status: 'fail',
      bucket: 'resource-pressure',
      summary: ['mem-example/memory-demo-2 Failed (OOMKilled, exit 137)'],
      evidence: ['container pi terminated OOMKilled (exit 137) at 2024-05-02T09:52:19Z'],
    });
  });

  const staticPod = (component: string) =>
    podSchema.parse({
      metadata: {
        name: `${component}-kind-control-plane`,
        namespace: 'kube-system',
        labels: { component, tier: 'control-plane' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'kind-control-plane', uid: '5b0e5f0c-3e41-4f5e-8f0e-0f6c2f1d9a77', controller: true }],
      },
      spec: { nodeName: 'kind-control-plane', containers: [{ name: component, image: `registry.k8s.io/${component}:v1.30.0` }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          {
            name: component,
            image: `registry.k8s.io/${component}:v1.30.0`,
            ready: true,
            started: true,
            restartCount: 1,
            state: { running: { startedAt: '2024-05-02T09:41:12Z' } },
            lastState: {
              terminated: {
                containerID: 'containerd://1f91362f5c91',
                exitCode: 255,
                reason: 'Unknown',
                startedAt: '2024-04-29T07:03:55Z',
                finishedAt: '2024-05-02T09:40:31Z',
              },
            },
          },
        ],
      },
    });
  const controlPlane = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map(staticPod);

  it('reports control-plane pods restarted with exit 255 after a node reboot as one finding, below the real one', () => {
    const crashing = podSchema.parse({
      metadata: { name: 'memory-demo-2', namespace: 'mem-example' },
      spec: { containers: [{ name: 'memory-demo-2-ctr', image: 'polinux/stress' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'memory-demo-2-ctr',
            image: 'docker.io/polinux/stress:latest',
            ready: false,
            restartCount: 2,
            state: {
              waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=memory-demo-2-ctr pod=memory-demo-2_mem-example' },
            },
            lastState: { terminated: oomTerminated },
          },
        ],
      },
    });
    const out = analyzePods({ pods: [...controlPlane, crashing] }, o);
    expect(out.status).toBe('fail');
    expect(out.summary).toBe(
      '2 pods not healthy: mem-example/memory-demo-2 CrashLoopBackOff (last: OOMKilled, 2 restarts); 4 pods restarted after node kind-control-plane went down (exit 255, Unknown)',
    );
    expect(lines(out)).toContain(
      '[kube-system/pod/kube-apiserver-kind-control-plane] kube-system/kube-apiserver-kind-control-plane container kube-apiserver last terminated Unknown (exit 255) at 2024-05-02T09:40:31Z on node kind-control-plane',
    );
    expect(out.facts?.map((f) => f.kind)).toEqual(['terminated', 'node']);
  });

  it('reports node restarts alone as a warning, even when they are hours old', () => {
    const out = analyzePods({ pods: controlPlane }, { ...o, now: new Date('2024-05-02T15:00:00Z') });
    expect(out.status).toBe('warn');
    expect(out.summary).toContain('4 pods restarted after node kind-control-plane went down (exit 255, Unknown)');
  });
});
