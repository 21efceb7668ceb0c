// ledger serves HTTPS with a cert-manager certificate (Secret payments/ledger-tls, 90 days,
// issued 2 Dec). Its Issuer lost its CA key pair on 27 Jan (the Secret was deleted), so the
// renewal due on 31 Jan has been pending since; the certificate expired at 07:58:31 and every
// client of ledger (checkout-api, refunds-worker) now fails TLS verification with x509.
// Distractors: checkout-api rolled out 25 minutes before onset (a patch release, and the place
// the trace stops), fraud-scorer's autoscaler pinned at its maximum, and an invoice export
// pod evicted from a node under memory pressure an hour earlier.
import { Addresses, namespaces, nodes, rollout, serviceWithEndpoints } from './cluster.mjs';
import {
  MIN,
  at,
  configMap,
  container,
  event,
  hex,
  hpa,
  httpProbe,
  job,
  jobComplete,
  jobFailed,
  logText,
  managed,
  meta,
  milli,
  pod,
  resetVersions,
  safe,
  secret,
  template,
  ts,
  uid,
  zap,
} from './lib.mjs';

export const name = 'expired-cert';

const NOW = at('2026-03-02T08:21:17Z');
const NOT_BEFORE = at('2025-12-02T07:58:31Z');
const NOT_AFTER = at('2026-03-02T07:58:31Z');
const RENEWAL = at('2026-01-31T07:58:31Z');
const CA_GONE = at('2026-01-27T10:14:55Z');
const TRACE = '2d7b5e9f0c1a4836b9e4f1a7c3d8e062';
const ACR = 'paystg.azurecr.io';
const AKS = 'v1.29.9';

const aks = {
  labels: (n) => ({
    agentpool: 'nodepool1',
    'kubernetes.azure.com/agentpool': 'nodepool1',
    'kubernetes.azure.com/cluster': 'MC_rg-payments-staging_payments-staging_westeurope',
    'kubernetes.azure.com/consolidated-additional-properties': hex('aks-props', 40),
    'kubernetes.azure.com/kubelet-identity-client-id': '6f1d2c3b-8a4e-4f7d-9b2c-1e5a7d3f9c08',
    'kubernetes.azure.com/mode': 'system',
    'kubernetes.azure.com/node-image-version': 'AKSUbuntu-2204gen2containerd-202502.09.0',
    'kubernetes.azure.com/nodepool-type': 'VirtualMachineScaleSets',
    'kubernetes.azure.com/os-sku': 'Ubuntu',
    'kubernetes.azure.com/role': 'agent',
    'kubernetes.azure.com/storageprofile': 'managed',
    'kubernetes.azure.com/storagetier': 'Premium_LRS',
    'node.kubernetes.io/instance-type': 'Standard_D4s_v5',
    'topology.disk.csi.azure.com/zone': n.zone,
    'topology.kubernetes.io/region': 'westeurope',
    'topology.kubernetes.io/zone': n.zone,
  }),
  annotations: () => ({ 'csi.volume.kubernetes.io/nodeid': '{"disk.csi.azure.com":"node","file.csi.azure.com":"node"}', 'node.alpha.kubernetes.io/ttl': '0' }),
  providerID: (n) =>
    `azure:///subscriptions/3b9f1c2e-7a4d-4e6b-9c1f-2d8a5e7b0c93/resourceGroups/mc_rg-payments-staging_payments-staging_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-31718369-vmss/virtualMachines/${n.index}`,
  capacity: { cpu: '4', 'ephemeral-storage': '129886128Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16365060Ki', pods: '110' },
  allocatable: { cpu: '3860m', 'ephemeral-storage': '119703055367', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '12880900Ki', pods: '110' },
  info: {
    containerRuntimeVersion: 'containerd://1.7.25-1',
    kernelVersion: '5.15.0-1079-azure',
    kubeProxyVersion: AKS,
    kubeletVersion: AKS,
    osImage: 'Ubuntu 22.04.5 LTS',
  },
};

export function build() {
  resetVersions(71_530_000);
  const pressureSince = at('2026-03-02T07:09:40Z');
  const nodeList = [0, 1, 2].map((i) => ({
    name: `aks-nodepool1-31718369-vmss00000${i}`,
    index: i,
    zone: `westeurope-${i + 1}`,
    ip: `10.224.0.${4 + i}`,
    podPrefix: `10.244.${i}.`,
    created: at('2026-02-16T04:12:30Z') + i * 9_000,
    ...(i === 2
      ? {
          conditions: {
            MemoryPressure: {
              status: 'True',
              reason: 'KubeletHasInsufficientMemory',
              message: 'kubelet has insufficient memory available',
              since: pressureSince,
            },
          },
          spec: { taints: [{ effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', timeAdded: ts(pressureSince) }] },
        }
      : {}),
  }));
  const [A, B, C] = nodeList.map((n) => n.name);
  const ips = new Addresses(nodeList);
  const objects = [...nodes(nodeList, NOW, aks)];
  const logs = {};
  const born = at('2025-06-03T12:44:09Z');
  objects.push(
    ...namespaces([
      { name: 'default', created: born },
      { name: 'kube-system', created: born },
      { name: 'kube-public', created: born },
      { name: 'kube-node-lease', created: born },
      { name: 'gatekeeper-system', created: born + 20 * MIN },
      { name: 'cert-manager', created: at('2025-06-03T13:30:12Z') },
      { name: 'payments', created: at('2025-06-04T08:10:40Z'), labels: { team: 'payments' } },
      { name: 'batch', created: at('2025-06-04T08:10:41Z'), labels: { team: 'payments' } },
    ]),
  );
  const extraKinds = {
    Certificate: 'certificates.cert-manager.io',
    CertificateRequest: 'certificaterequests.cert-manager.io',
    Issuer: 'issuers.cert-manager.io',
  };

  // ---- cert-manager -------------------------------------------------------------------------
  const cmAt = at('2025-11-18T09:20:05Z');
  const cmDeploy = (name, component, args, hash, node) => {
    const tmpl = template({
      labels: {
        app: name === 'cert-manager' ? 'cert-manager' : name.replace('cert-manager-', ''),
        'app.kubernetes.io/component': component,
        'app.kubernetes.io/instance': 'cert-manager',
        'app.kubernetes.io/name': name === 'cert-manager' ? 'cert-manager' : name.replace('cert-manager-', ''),
        'app.kubernetes.io/version': 'v1.14.5',
      },
      serviceAccountName: name,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        container({
          name: `cert-manager-${component === 'controller' ? 'controller' : component}`,
          image: `quay.io/jetstack/cert-manager-${component}:v1.14.5`,
          args,
          ports: [{ containerPort: 9402, name: 'http-metrics', protocol: 'TCP' }],
        }),
      ],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    });
    return rollout({
      addresses: ips,
      namespace: 'cert-manager',
      name,
      created: at('2025-06-03T13:30:20Z'),
      labels: {
        'app.kubernetes.io/component': component,
        'app.kubernetes.io/instance': 'cert-manager',
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart': 'cert-manager-v1.14.5',
      },
      selector: {
        'app.kubernetes.io/component': component,
        'app.kubernetes.io/instance': 'cert-manager',
        'app.kubernetes.io/name': tmpl.metadata.labels['app.kubernetes.io/name'],
      },
      replicas: 1,
      conditions: [
        {
          lastTransitionTime: ts(at('2026-02-16T04:20:10Z')),
          lastUpdateTime: ts(at('2026-02-16T04:20:10Z')),
          message: 'Deployment has minimum availability.',
          reason: 'MinimumReplicasAvailable',
          status: 'True',
          type: 'Available',
        },
        {
          lastTransitionTime: ts(at('2025-06-03T13:30:20Z')),
          lastUpdateTime: ts(cmAt + 40_000),
          message: `ReplicaSet "${name}-${hash}" has successfully progressed.`,
          reason: 'NewReplicaSetAvailable',
          status: 'True',
          type: 'Progressing',
        },
      ],
      revisions: [
        {
          revision: 4,
          hash,
          created: cmAt,
          replicas: 1,
          tmpl,
          pods: [
            { node, created: at('2026-02-16T04:19:31Z'), readyAt: at('2026-02-16T04:19:58Z'), run: [{ running: at('2026-02-16T04:19:40Z'), ready: true }] },
          ],
        },
      ],
    });
  };
  const cmController = cmDeploy(
    'cert-manager',
    'controller',
    ['--v=2', '--cluster-resource-namespace=$(POD_NAMESPACE)', '--leader-election-namespace=kube-system', '--max-concurrent-challenges=60'],
    '7d8f6b9c4d',
    A,
  );
  const cmWebhook = cmDeploy(
    'cert-manager-webhook',
    'webhook',
    ['--v=2', '--secure-port=10250', '--dynamic-serving-ca-secret-namespace=$(POD_NAMESPACE)', '--dynamic-serving-ca-secret-name=cert-manager-webhook-ca'],
    '5c9d7b8f65',
    B,
  );
  const cmCainjector = cmDeploy('cert-manager-cainjector', 'cainjector', ['--v=2', '--leader-election-namespace=kube-system'], '6b4f9d8c7b', A);
  objects.push(...[cmController, cmWebhook, cmCainjector].flatMap((d) => [d.deploy, ...d.replicaSets, ...d.pods]));
  const cmPod = cmController.pods[0];
  // klog's header: severity, MMDD, time to the microsecond, thread id, file:line.
  const klog = (sev, t, file, msg) => {
    const iso = new Date(t).toISOString();
    return `${sev}${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 23)}${String(parseInt(hex(`us:${t}`, 4), 16) % 1000).padStart(3, '0')}       1 ${file}] ${msg}`;
  };
  const cmLines = [];
  for (const t of [NOW - 54 * MIN - 47_000, NOW - 35 * MIN - 5_000]) {
    cmLines.push([
      t,
      klog(
        'E',
        t,
        'controller.go:157',
        '"re-queuing item due to error processing" err="secrets \\"payments-internal-ca-keypair\\" not found" logger="cert-manager.issuers" key="payments/payments-internal-ca"',
      ),
    ]);
  }
  cmLines.push([
    NOT_AFTER + 2,
    klog(
      'I',
      NOT_AFTER + 2,
      'conditions.go:192',
      `Setting lastTransitionTime for Certificate "ledger-tls" condition "Ready" to 2026-03-02 07:58:31.002231812 +0000 UTC m=+1222131.551047219`,
    ),
  ]);
  logs[`cert-manager/${cmPod.metadata.name}/cert-manager-controller`] = logText(cmPod.metadata.name, cmLines);
  logs[`cert-manager/${cmWebhook.pods[0].metadata.name}/cert-manager-webhook`] = '';
  logs[`cert-manager/${cmCainjector.pods[0].metadata.name}/cert-manager-cainjector`] = '';

  const certRef = (c) => ({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', name: c.metadata.name, uid: c.metadata.uid });
  const issuer = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Issuer',
    metadata: meta({
      namespace: 'payments',
      name: 'payments-internal-ca',
      created: at('2025-06-04T08:12:03Z'),
      generation: 1,
      labels: { 'app.kubernetes.io/part-of': 'payments' },
    }),
    spec: { ca: { secretName: 'payments-internal-ca-keypair' } },
    status: {
      conditions: [
        {
          lastTransitionTime: ts(CA_GONE),
          message: 'Error getting keypair for CA issuer: secrets "payments-internal-ca-keypair" not found',
          observedGeneration: 1,
          reason: 'ErrGetKeyPair',
          status: 'False',
          type: 'Ready',
        },
      ],
    },
  };
  const dnsNames = ['ledger', 'ledger.payments', 'ledger.payments.svc', 'ledger.payments.svc.cluster.local'];
  const certificate = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: meta({
      namespace: 'payments',
      name: 'ledger-tls',
      created: at('2025-06-04T08:14:40Z'),
      generation: 1,
      labels: { 'app.kubernetes.io/name': 'ledger' },
    }),
    spec: {
      commonName: 'ledger.payments.svc',
      dnsNames,
      duration: '2160h0m0s',
      issuerRef: { kind: 'Issuer', name: 'payments-internal-ca' },
      privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Always', size: 256 },
      renewBefore: '720h0m0s',
      secretName: 'ledger-tls',
      usages: ['server auth', 'digital signature', 'key encipherment'],
    },
    status: {
      conditions: [
        {
          lastTransitionTime: ts(NOT_AFTER),
          message: 'Certificate expired on Mon, 02 Mar 2026 07:58:31 UTC',
          observedGeneration: 1,
          reason: 'Expired',
          status: 'False',
          type: 'Ready',
        },
        {
          lastTransitionTime: ts(RENEWAL),
          message: 'Renewing certificate as renewal was scheduled at 2026-01-31 07:58:31 +0000 UTC',
          observedGeneration: 1,
          reason: 'Renewing',
          status: 'True',
          type: 'Issuing',
        },
      ],
      nextPrivateKeySecretName: 'ledger-tls-7vq5x',
      notAfter: ts(NOT_AFTER),
      notBefore: ts(NOT_BEFORE),
      renewalTime: ts(RENEWAL),
      revision: 3,
    },
  };
  const csr = (seed) =>
    Buffer.from(
      `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from(hex(seed, 420), 'hex')
        .toString('base64')
        .match(/.{1,64}/g)
        .join('\n')}\n-----END CERTIFICATE REQUEST-----\n`,
    ).toString('base64');
  const request = (revision, created, ready) => ({
    apiVersion: 'cert-manager.io/v1',
    kind: 'CertificateRequest',
    metadata: meta({
      namespace: 'payments',
      name: `ledger-tls-${revision}`,
      created,
      generation: 1,
      labels: { 'app.kubernetes.io/name': 'ledger' },
      annotations: {
        'cert-manager.io/certificate-name': 'ledger-tls',
        'cert-manager.io/certificate-revision': String(revision),
        'cert-manager.io/private-key-secret-name': revision === 3 ? 'ledger-tls-7vq5x' : `ledger-tls-${safe(`pk${revision}`, 5)}`,
      },
      owner: certRef(certificate),
    }),
    spec: {
      extra: {
        'authentication.kubernetes.io/credential-id': [`JTI=${uid(`jti${revision}`)}`],
        'authentication.kubernetes.io/pod-name': [cmPod.metadata.name],
        'authentication.kubernetes.io/pod-uid': [cmPod.metadata.uid],
      },
      groups: ['system:serviceaccounts', 'system:serviceaccounts:cert-manager', 'system:authenticated'],
      issuerRef: { kind: 'Issuer', name: 'payments-internal-ca' },
      request: csr(`csr${revision}`),
      uid: uid('sa:cert-manager'),
      usages: ['server auth', 'digital signature', 'key encipherment'],
      username: 'system:serviceaccount:cert-manager:cert-manager',
    },
    status: ready
      ? {
          conditions: [
            {
              lastTransitionTime: ts(created + 300),
              message: 'Certificate request has been approved by cert-manager.io',
              reason: 'cert-manager.io',
              status: 'True',
              type: 'Approved',
            },
            { lastTransitionTime: ts(created + 900), message: 'Certificate fetched from issuer successfully', reason: 'Issued', status: 'True', type: 'Ready' },
          ],
        }
      : {
          conditions: [
            {
              lastTransitionTime: ts(created + 300),
              message: 'Certificate request has been approved by cert-manager.io',
              reason: 'cert-manager.io',
              status: 'True',
              type: 'Approved',
            },
            {
              lastTransitionTime: ts(created + 900),
              message: 'Referenced issuer does not have a Ready status condition',
              reason: 'Pending',
              status: 'False',
              type: 'Ready',
            },
          ],
        },
  });
  // Left out: the issued certificate and CA (public PEM) of revision 2, which a capture would hold.
  const requests = [request(2, NOT_BEFORE - 1_000, true), request(3, RENEWAL + 400, false)];
  objects.push(issuer, certificate, ...requests);
  const certAnnotations = {
    'cert-manager.io/alt-names': dnsNames.join(','),
    'cert-manager.io/certificate-name': 'ledger-tls',
    'cert-manager.io/common-name': 'ledger.payments.svc',
    'cert-manager.io/ip-sans': '',
    'cert-manager.io/issuer-group': '',
    'cert-manager.io/issuer-kind': 'Issuer',
    'cert-manager.io/issuer-name': 'payments-internal-ca',
    'cert-manager.io/uri-sans': '',
  };
  objects.push(
    secret({
      namespace: 'payments',
      name: 'ledger-tls',
      created: at('2025-06-04T08:14:41Z'),
      type: 'kubernetes.io/tls',
      keys: ['ca.crt', 'tls.crt', 'tls.key'],
      labels: { 'controller.cert-manager.io/fao': 'true' },
      annotations: certAnnotations,
      managedFields: [
        managed('cert-manager-certificates-issuing', 'Apply', NOT_BEFORE + 2_000, 'v1', {
          'f:data': { 'f:ca.crt': {}, 'f:tls.crt': {}, 'f:tls.key': {} },
          'f:metadata': {
            'f:annotations': Object.fromEntries(Object.keys(certAnnotations).map((k) => [`f:${k}`, {}])),
            'f:labels': { 'f:controller.cert-manager.io/fao': {} },
          },
          'f:type': {},
        }),
      ],
    }),
    secret({
      namespace: 'payments',
      name: 'ledger-tls-7vq5x',
      created: RENEWAL,
      keys: ['tls.key'],
      labels: { 'cert-manager.io/next-private-key': 'true', 'controller.cert-manager.io/fao': 'true' },
      managedFields: [
        managed('cert-manager-certificates-key-manager', 'Update', RENEWAL, 'v1', {
          'f:data': { '.': {}, 'f:tls.key': {} },
          'f:metadata': { 'f:labels': { '.': {}, 'f:cert-manager.io/next-private-key': {}, 'f:controller.cert-manager.io/fao': {} }, 'f:ownerReferences': {} },
        }),
      ],
    }),
    configMap({
      namespace: 'payments',
      name: 'payments-internal-ca-bundle',
      created: at('2025-06-04T08:12:30Z'),
      labels: { 'trust.cert-manager.io/bundle': 'payments-internal-ca' },
      data: {
        'ca.crt':
          '-----BEGIN CERTIFICATE-----\nMIIBkTCCATegAwIBAgIRAOmB3p5t3c1Q0Yt7kq8sY9swCgYIKoZIzj0EAwIwIDEe\nMBwGA1UEAxMVcGF5bWVudHMtaW50ZXJuYWwtY2EwHhcNMjUwNjA0MDgxMjAwWhcN\n-----END CERTIFICATE-----\n',
      },
    }),
  );
  objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'ledger-tls-7vq5x').metadata.ownerReferences = [
    { ...certRef(certificate), blockOwnerDeletion: true, controller: true },
  ];

  // ---- payments workloads ---------------------------------------------------------------------
  const tlsClient = [{ mountPath: '/etc/ssl/internal', name: 'internal-ca', readOnly: true }];
  const caVolume = [{ configMap: { defaultMode: 420, name: 'payments-internal-ca-bundle' }, name: 'internal-ca' }];
  const checkoutTmpl = (v, commit) =>
    template({
      labels: { app: 'checkout-api', 'app.kubernetes.io/name': 'checkout-api', 'app.kubernetes.io/version': v },
      annotations: { 'org.opencontainers.image.revision': commit },
      containers: [
        container({
          name: 'checkout-api',
          image: `${ACR}/payments/checkout-api:${v}`,
          env: [
            { name: 'LEDGER_URL', value: 'https://ledger.payments.svc:8443' },
            { name: 'FRAUD_URL', value: 'http://fraud-scorer.payments.svc:8080' },
            { name: 'SSL_CERT_FILE', value: '/etc/ssl/internal/ca.crt' },
          ],
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          readinessProbe: httpProbe('/readyz', 'http'),
          resources: { limits: { memory: '512Mi' }, requests: { cpu: '250m', memory: '512Mi' } },
          volumeMounts: tlsClient,
        }),
      ],
      volumes: caVolume,
    });
  const rollAt = at('2026-03-02T07:33:10Z');
  const checkout = rollout({
    addresses: ips,
    namespace: 'payments',
    name: 'checkout-api',
    created: at('2025-06-04T08:20:11Z'),
    labels: { app: 'checkout-api' },
    selector: { app: 'checkout-api' },
    replicas: 3,
    strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }, type: 'RollingUpdate' },
    annotations: { 'kubernetes.io/change-cause': 'checkout-api 4.12.1: log request ids on 4xx responses (PAY-2291)' },
    managedFields: [
      managed('flux-kustomize', 'Apply', rollAt, 'apps/v1', {
        'f:metadata': { 'f:annotations': { 'f:kubernetes.io/change-cause': {} } },
        'f:spec': {
          'f:template': {
            'f:metadata': { 'f:annotations': { 'f:org.opencontainers.image.revision': {} }, 'f:labels': { 'f:app.kubernetes.io/version': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"checkout-api"}': { 'f:image': {} } } },
          },
        },
      }),
    ],
    conditions: [
      {
        lastTransitionTime: ts(at('2026-02-16T04:22:02Z')),
        lastUpdateTime: ts(at('2026-02-16T04:22:02Z')),
        message: 'Deployment has minimum availability.',
        reason: 'MinimumReplicasAvailable',
        status: 'True',
        type: 'Available',
      },
      {
        lastTransitionTime: ts(at('2025-06-04T08:20:11Z')),
        lastUpdateTime: ts(rollAt + 88_000),
        message: 'ReplicaSet "checkout-api-6b5f8d7c94" has successfully progressed.',
        reason: 'NewReplicaSetAvailable',
        status: 'True',
        type: 'Progressing',
      },
    ],
    revisions: [
      {
        revision: 41,
        hash: '85c7d9b6f4',
        created: at('2026-02-24T15:02:44Z'),
        replicas: 0,
        tmpl: checkoutTmpl('4.12.0', 'c3a5e7f9b1d2a4c6e8f0b2d4f6a8c0e2b4d6f8a1'),
      },
      {
        revision: 42,
        hash: '6b5f8d7c94',
        created: rollAt,
        replicas: 3,
        tmpl: checkoutTmpl('4.12.1', 'f9d1b3a5c7e2f4a6b8d0c2e4a6f8b1d3c5e7a9f2'),
        pods: [
          { node: A, created: rollAt + 1_000, readyAt: rollAt + 24_000, run: [{ running: rollAt + 8_000, ready: true }] },
          { node: B, created: rollAt + 30_000, readyAt: rollAt + 55_000, run: [{ running: rollAt + 37_000, ready: true }] },
          { node: A, created: rollAt + 61_000, readyAt: rollAt + 86_000, run: [{ running: rollAt + 68_000, ready: true }] },
        ],
      },
    ],
  });
  const ledgerTmpl = template({
    labels: { app: 'ledger', 'app.kubernetes.io/name': 'ledger', 'app.kubernetes.io/version': '2.3.7' },
    containers: [
      container({
        name: 'ledger',
        image: `${ACR}/payments/ledger:2.3.7`,
        env: [
          { name: 'TLS_CERT_FILE', value: '/etc/tls/tls.crt' },
          { name: 'TLS_KEY_FILE', value: '/etc/tls/tls.key' },
          { name: 'DB_DSN', valueFrom: { secretKeyRef: { key: 'dsn', name: 'ledger-db' } } },
        ],
        ports: [
          { containerPort: 8443, name: 'https', protocol: 'TCP' },
          { containerPort: 8081, name: 'health', protocol: 'TCP' },
        ],
        readinessProbe: httpProbe('/healthz', 'health'),
        resources: { limits: { memory: '384Mi' }, requests: { cpu: '200m', memory: '384Mi' } },
        volumeMounts: [{ mountPath: '/etc/tls', name: 'tls', readOnly: true }],
      }),
    ],
    volumes: [{ name: 'tls', secret: { defaultMode: 420, secretName: 'ledger-tls' } }],
  });
  const ledgerAt = at('2026-02-16T04:21:10Z');
  const ledger = rollout({
    addresses: ips,
    namespace: 'payments',
    name: 'ledger',
    created: at('2025-06-04T08:16:02Z'),
    labels: { app: 'ledger' },
    selector: { app: 'ledger' },
    replicas: 2,
    conditions: [
      {
        lastTransitionTime: ts(ledgerAt + 30_000),
        lastUpdateTime: ts(ledgerAt + 30_000),
        message: 'Deployment has minimum availability.',
        reason: 'MinimumReplicasAvailable',
        status: 'True',
        type: 'Available',
      },
      {
        lastTransitionTime: ts(at('2025-06-04T08:16:02Z')),
        lastUpdateTime: ts(at('2026-01-12T10:41:22Z')),
        message: 'ReplicaSet "ledger-5f4c8d9b76" has successfully progressed.',
        reason: 'NewReplicaSetAvailable',
        status: 'True',
        type: 'Progressing',
      },
    ],
    revisions: [
      {
        revision: 17,
        hash: '5f4c8d9b76',
        created: at('2026-01-12T10:40:50Z'),
        replicas: 2,
        tmpl: ledgerTmpl,
        pods: [
          { node: A, created: ledgerAt, readyAt: ledgerAt + 21_000, run: [{ running: ledgerAt + 6_000, ready: true }] },
          { node: B, created: ledgerAt + 3_000, readyAt: ledgerAt + 26_000, run: [{ running: ledgerAt + 9_000, ready: true }] },
        ],
      },
    ],
  });
  const refundsTmpl = template({
    labels: { app: 'refunds-worker', 'app.kubernetes.io/name': 'refunds-worker', 'app.kubernetes.io/version': '1.8.0' },
    containers: [
      container({
        name: 'refunds-worker',
        image: `${ACR}/payments/refunds-worker:1.8.0`,
        env: [
          { name: 'LEDGER_URL', value: 'https://ledger.payments.svc:8443' },
          { name: 'POLL_INTERVAL', value: '30s' },
          { name: 'SSL_CERT_FILE', value: '/etc/ssl/internal/ca.crt' },
        ],
        resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
        volumeMounts: tlsClient,
      }),
    ],
    volumes: caVolume,
  });
  const refunds = rollout({
    addresses: ips,
    namespace: 'payments',
    name: 'refunds-worker',
    created: at('2025-07-21T12:00:31Z'),
    labels: { app: 'refunds-worker' },
    selector: { app: 'refunds-worker' },
    replicas: 1,
    conditions: [
      {
        lastTransitionTime: ts(ledgerAt + 40_000),
        lastUpdateTime: ts(ledgerAt + 40_000),
        message: 'Deployment has minimum availability.',
        reason: 'MinimumReplicasAvailable',
        status: 'True',
        type: 'Available',
      },
      {
        lastTransitionTime: ts(at('2025-07-21T12:00:31Z')),
        lastUpdateTime: ts(at('2026-01-30T16:12:09Z')),
        message: 'ReplicaSet "refunds-worker-9c7b5f8d6" has successfully progressed.',
        reason: 'NewReplicaSetAvailable',
        status: 'True',
        type: 'Progressing',
      },
    ],
    revisions: [
      {
        revision: 6,
        hash: '9c7b5f8d6',
        created: at('2026-01-30T16:11:40Z'),
        replicas: 1,
        tmpl: refundsTmpl,
        pods: [{ node: B, created: ledgerAt + 12_000, readyAt: ledgerAt + 30_000, run: [{ running: ledgerAt + 20_000, ready: true }] }],
      },
    ],
  });
  const fraudTmpl = template({
    labels: { app: 'fraud-scorer', 'app.kubernetes.io/name': 'fraud-scorer', 'app.kubernetes.io/version': '3.0.4' },
    containers: [
      container({
        name: 'fraud-scorer',
        image: `${ACR}/payments/fraud-scorer:3.0.4`,
        ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
        readinessProbe: httpProbe('/healthz', 'http'),
        resources: { limits: { cpu: '1', memory: '1536Mi' }, requests: { cpu: '500m', memory: '1536Mi' } },
      }),
    ],
  });
  const scaleAt = at('2026-03-02T07:12:40Z');
  const fraudNodes = [A, B, C, C, B, C];
  const fraud = rollout({
    addresses: ips,
    namespace: 'payments',
    name: 'fraud-scorer',
    created: at('2025-09-09T09:09:09Z'),
    labels: { app: 'fraud-scorer' },
    selector: { app: 'fraud-scorer' },
    replicas: 6,
    conditions: [
      {
        lastTransitionTime: ts(at('2026-02-16T04:23:30Z')),
        lastUpdateTime: ts(at('2026-02-16T04:23:30Z')),
        message: 'Deployment has minimum availability.',
        reason: 'MinimumReplicasAvailable',
        status: 'True',
        type: 'Available',
      },
      {
        lastTransitionTime: ts(at('2025-09-09T09:09:09Z')),
        lastUpdateTime: ts(scaleAt + 40_000),
        message: 'ReplicaSet "fraud-scorer-74d9c6b8f5" has successfully progressed.',
        reason: 'NewReplicaSetAvailable',
        status: 'True',
        type: 'Progressing',
      },
    ],
    revisions: [
      {
        revision: 11,
        hash: '74d9c6b8f5',
        created: at('2026-02-20T11:31:00Z'),
        replicas: 6,
        tmpl: fraudTmpl,
        pods: fraudNodes.map((n, i) => {
          const c = i < 2 ? at('2026-02-20T11:31:02Z') + i * 30_000 : at('2026-03-02T06:51:40Z') + (i - 2) * 7 * MIN;
          return { node: n, created: c, readyAt: c + 35_000, run: [{ running: c + 9_000, ready: true }] };
        }),
      },
    ],
  });
  objects.push(
    hpa({
      namespace: 'payments',
      name: 'fraud-scorer',
      created: at('2025-09-09T09:09:12Z'),
      labels: { app: 'fraud-scorer' },
      target: 'fraud-scorer',
      min: 2,
      max: 6,
      metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 70, type: 'Utilization' } }, type: 'Resource' }],
      current: 6,
      desired: 6,
      currentMetrics: [{ resource: { current: { averageUtilization: 164, averageValue: '821m' }, name: 'cpu' }, type: 'Resource' }],
      lastScale: scaleAt,
      conditions: [
        {
          lastTransitionTime: ts(scaleAt + 15_000),
          message: 'recommended size matches current size',
          reason: 'ReadyForNewScale',
          status: 'True',
          type: 'AbleToScale',
        },
        {
          lastTransitionTime: ts(at('2025-09-09T09:10:27Z')),
          message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
          reason: 'ValidMetricFound',
          status: 'True',
          type: 'ScalingActive',
        },
        {
          lastTransitionTime: ts(scaleAt),
          message: 'the desired replica count is more than the maximum replica count',
          reason: 'TooManyReplicas',
          status: 'True',
          type: 'ScalingLimited',
        },
      ],
    }),
  );

  // ---- the synthetic checkout every ten minutes ----------------------------------------------------
  const synthTmpl = template({
    labels: { app: 'checkout-synthetic' },
    restartPolicy: 'Never',
    containers: [
      container({
        name: 'synthetic',
        image: `${ACR}/payments/synthetic:0.9.2`,
        args: ['checkout', '--target', 'http://checkout-api.payments.svc:8080', '--card', 'test-visa-4242'],
        resources: { limits: { memory: '64Mi' }, requests: { cpu: '20m', memory: '32Mi' } },
      }),
    ],
  });
  const cron = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta({ namespace: 'payments', name: 'checkout-synthetic', created: at('2025-06-10T10:00:00Z'), generation: 2 }),
    spec: {
      concurrencyPolicy: 'Forbid',
      failedJobsHistoryLimit: 3,
      jobTemplate: { metadata: { creationTimestamp: null }, spec: { activeDeadlineSeconds: 120, backoffLimit: 0, template: synthTmpl } },
      schedule: '*/10 * * * *',
      successfulJobsHistoryLimit: 3,
      suspend: false,
    },
    status: { lastScheduleTime: ts(at('2026-03-02T08:20:00Z')), lastSuccessfulTime: ts(at('2026-03-02T07:50:09Z')) },
  };
  objects.push(cron);
  const synthRuns = ['07:30', '07:40', '07:50', '08:00', '08:10', '08:20'].map((hm) => at(`2026-03-02T${hm}:00Z`));
  const synthPods = [];
  for (const s of synthRuns) {
    const ok = s < NOT_AFTER;
    const jn = `checkout-synthetic-${Math.floor(s / 60_000)}`;
    const end = s + (ok ? 8_400 : 6_100);
    const j = job({
      namespace: 'payments',
      name: jn,
      created: s,
      tmpl: synthTmpl,
      backoffLimit: 0,
      activeDeadlineSeconds: 120,
      owner: { apiVersion: 'batch/v1', kind: 'CronJob', name: 'checkout-synthetic', uid: cron.metadata.uid },
      status: ok ? jobComplete({ start: s, completedAt: end + 1_000 }) : jobFailed({ start: s, failedAt: end + 1_000 }),
    });
    const node = [A, B][synthPods.length % 2];
    const p = pod({
      namespace: 'payments',
      name: `${jn}-${safe(`syn:${s}`, 5)}`,
      generateName: `${jn}-`,
      owner: { apiVersion: 'batch/v1', kind: 'Job', name: jn, uid: j.metadata.uid },
      tmpl: j.spec.template,
      node,
      hostIP: ips.hostIP(node),
      ip: ips.pod(node),
      created: s,
      run: [{ terminated: { reason: ok ? 'Completed' : 'Error', exitCode: ok ? 0 : 1, startedAt: s + 2_000, finishedAt: end } }],
    });
    synthPods.push({ pod: p, job: j, at: s, ok, trace: s === at('2026-03-02T08:00:00Z') ? TRACE : hex(`synth:${s}`, 32) });
    objects.push(j, p);
  }

  // ---- batch: the nightly invoice export whose first pod was evicted -------------------------------
  const exportAt = at('2026-03-02T07:00:00Z');
  const exportTmpl = template({
    labels: { app: 'invoice-pdf-export' },
    restartPolicy: 'Never',
    containers: [
      container({
        name: 'export',
        image: `${ACR}/payments/invoice-export:2.1.0`,
        args: ['--month', '2026-02', '--format', 'pdf'],
        resources: { limits: { memory: '3Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
      }),
    ],
  });
  const exportCron = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta({ namespace: 'batch', name: 'invoice-pdf-export', created: at('2025-06-20T12:00:00Z'), generation: 1 }),
    spec: {
      concurrencyPolicy: 'Forbid',
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { creationTimestamp: null }, spec: { backoffLimit: 2, template: exportTmpl } },
      schedule: '0 7 * * *',
      successfulJobsHistoryLimit: 3,
      suspend: false,
    },
    status: { lastScheduleTime: ts(exportAt), lastSuccessfulTime: ts(at('2026-03-02T07:26:44Z')) },
  };
  const ejn = `invoice-pdf-export-${Math.floor(exportAt / 60_000)}`;
  const exportJob = job({
    namespace: 'batch',
    name: ejn,
    created: exportAt,
    tmpl: exportTmpl,
    backoffLimit: 2,
    owner: { apiVersion: 'batch/v1', kind: 'CronJob', name: 'invoice-pdf-export', uid: exportCron.metadata.uid },
    status: { ...jobComplete({ start: exportAt, completedAt: at('2026-03-02T07:26:44Z') }), failed: 1 },
  });
  const evictedAt = at('2026-03-02T07:11:02Z');
  const evictMsg =
    'The node was low on resource: memory. Threshold quantity: 100Mi, available: 86412Ki. Container export was using 2841236Ki, request is 1Gi, has larger consumption of memory. ';
  const evicted = pod({
    namespace: 'batch',
    name: `${ejn}-${safe('evicted', 5)}`,
    generateName: `${ejn}-`,
    owner: { apiVersion: 'batch/v1', kind: 'Job', name: ejn, uid: exportJob.metadata.uid },
    tmpl: exportJob.spec.template,
    node: C,
    hostIP: ips.hostIP(C),
    ip: ips.pod(C),
    created: exportAt,
    run: [{ terminated: { reason: 'ContainerStatusUnknown', exitCode: 137, startedAt: exportAt + 6_000, finishedAt: evictedAt } }],
    phase: 'Failed',
    reason: 'Evicted',
    message: evictMsg,
    disruption: {
      lastProbeTime: null,
      lastTransitionTime: ts(evictedAt),
      message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 86412Ki. ',
      reason: 'TerminationByKubelet',
      status: 'True',
      type: 'DisruptionTarget',
    },
  });
  evicted.status.containerStatuses[0].state.terminated.message = 'The container could not be located when the pod was terminated';
  const retry = pod({
    namespace: 'batch',
    name: `${ejn}-${safe('retry', 5)}`,
    generateName: `${ejn}-`,
    owner: { apiVersion: 'batch/v1', kind: 'Job', name: ejn, uid: exportJob.metadata.uid },
    tmpl: exportJob.spec.template,
    node: A,
    hostIP: ips.hostIP(A),
    ip: ips.pod(A),
    created: evictedAt + 1_000,
    run: [{ terminated: { reason: 'Completed', exitCode: 0, startedAt: evictedAt + 7_000, finishedAt: at('2026-03-02T07:26:42Z') } }],
  });
  objects.push(exportCron, exportJob, evicted, retry);

  objects.push(
    checkout.deploy,
    ...checkout.replicaSets,
    ...checkout.pods,
    ledger.deploy,
    ...ledger.replicaSets,
    ...ledger.pods,
    refunds.deploy,
    ...refunds.replicaSets,
    ...refunds.pods,
    fraud.deploy,
    ...fraud.replicaSets,
    ...fraud.pods,
    ...serviceWithEndpoints({
      namespace: 'payments',
      name: 'checkout-api',
      created: at('2025-06-04T08:20:11Z'),
      labels: { app: 'checkout-api' },
      selector: { app: 'checkout-api' },
      clusterIP: '10.0.142.18',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
      pods: checkout.pods,
      updated: rollAt + 86_000,
    }),
    ...serviceWithEndpoints({
      namespace: 'payments',
      name: 'ledger',
      created: at('2025-06-04T08:16:02Z'),
      labels: { app: 'ledger' },
      selector: { app: 'ledger' },
      clusterIP: '10.0.87.201',
      ports: [{ name: 'https', port: 8443, protocol: 'TCP', targetPort: 'https' }],
      pods: ledger.pods,
      updated: ledgerAt + 26_000,
    }),
    ...serviceWithEndpoints({
      namespace: 'payments',
      name: 'fraud-scorer',
      created: at('2025-09-09T09:09:09Z'),
      labels: { app: 'fraud-scorer' },
      selector: { app: 'fraud-scorer' },
      clusterIP: '10.0.33.76',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' }],
      pods: fraud.pods,
      updated: at('2026-03-02T07:26:45Z'),
    }),
    secret({ namespace: 'payments', name: 'ledger-db', created: at('2025-06-04T08:15:50Z'), keys: ['dsn'], labels: { team: 'payments' } }),
  );

  // ---- logs ---------------------------------------------------------------------------------------
  const x509 = (t, verb, path) =>
    `${verb} "https://ledger.payments.svc:8443${path}": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000', '')} is after 2026-03-02T07:58:31Z`;

  // refunds-worker polls ledger every 30 s: fine until 07:58:31, x509 on every poll since.
  const rwLines = [];
  for (let t = at('2026-03-02T07:21:47Z'); t < NOW; t += 30_000) {
    const id = hex(`poll:${t}`, 32);
    if (t < NOT_AFTER) rwLines.push([t + 41, zap('info', t + 41, 'poller/poll.go:62', 'refunds polled', { pending: 0, took_ms: 18, trace_id: id }, 'time')]);
    else
      rwLines.push([
        t + 9,
        zap(
          'error',
          t + 9,
          'poller/poll.go:55',
          'poll ledger for pending refunds',
          { error: x509(t + 9, 'Get', '/v1/entries?status=refund_pending'), attempt: 1, trace_id: id },
          'time',
        ),
      ]);
  }
  logs[`payments/${refunds.pods[0].metadata.name}/refunds-worker`] = logText(refunds.pods[0].metadata.name, rwLines);

  // ledger: access logs until expiry; then Go's TLS handshake errors as each client hangs up.
  const ledgerLines = new Map(ledger.pods.map((p) => [p.metadata.name, []]));
  const lp = (i) => ledger.pods[i % 2].metadata.name;
  let n = 0;
  for (let t = at('2026-03-02T07:21:47Z'); t < NOW; t += 30_000, n++) {
    if (t < NOT_AFTER)
      ledgerLines.get(lp(n)).push([
        t + 30,
        JSON.stringify({
          time: milli(t + 30),
          level: 'INFO',
          msg: 'request',
          method: 'GET',
          path: '/v1/entries',
          status: 200,
          duration_ms: 11,
          client: 'refunds-worker',
          trace_id: hex(`poll:${t}`, 32),
        }),
      ]);
    else
      ledgerLines
        .get(lp(n))
        .push([
          t + 8,
          `${new Date(t + 8).toISOString().slice(0, 19).replace('T', ' ').replaceAll('-', '/')} http: TLS handshake error from ${refunds.pods[0].status.podIP}:${40_000 + ((n * 7919) % 20_000)}: remote error: tls: bad certificate`,
        ]);
  }

  // checkout-api: steady checkouts (the synthetic's and QA's) that write ledger entries.
  const coLines = new Map(checkout.pods.map((p) => [p.metadata.name, []]));
  const cp = (i) => checkout.pods[i % 3].metadata.name;
  const checkoutCall = (t, id, k, synthetic) => {
    const pod = cp(k);
    const ledgerPod = lp(k + 1);
    coLines
      .get(pod)
      .push([
        t + 3,
        zap(
          'info',
          t + 3,
          'checkout/confirm.go:48',
          'confirm checkout',
          { session: `cs_${hex(`s:${t}`, 12)}`, amount_minor: 2499, currency: 'EUR', synthetic, trace_id: id },
          'time',
        ),
      ]);
    if (t < NOT_AFTER) {
      ledgerLines.get(ledgerPod).push([
        t + 41,
        JSON.stringify({
          time: milli(t + 41),
          level: 'INFO',
          msg: 'request',
          method: 'POST',
          path: '/v1/entries',
          status: 201,
          duration_ms: 23,
          client: 'checkout-api',
          trace_id: id,
        }),
      ]);
      coLines
        .get(pod)
        .push([
          t + 70,
          zap(
            'info',
            t + 70,
            'http/log.go:30',
            'request',
            { method: 'POST', path: '/v1/checkout/confirm', status: 200, duration_ms: 67, trace_id: id },
            'time',
          ),
        ]);
    } else {
      ledgerLines
        .get(ledgerPod)
        .push([
          t + 11,
          `${new Date(t + 11).toISOString().slice(0, 19).replace('T', ' ').replaceAll('-', '/')} http: TLS handshake error from ${checkout.pods[k % 3].status.podIP}:${41_000 + ((k * 104_729) % 20_000)}: remote error: tls: bad certificate`,
        ]);
      coLines
        .get(pod)
        .push([
          t + 12,
          zap('error', t + 12, 'ledger/client.go:91', 'write ledger entry', { error: x509(t + 12, 'Post', '/v1/entries'), trace_id: id }, 'time'),
        ]);
      coLines
        .get(pod)
        .push([
          t + 14,
          zap(
            'info',
            t + 14,
            'http/log.go:30',
            'request',
            { method: 'POST', path: '/v1/checkout/confirm', status: 502, duration_ms: 11, trace_id: id },
            'time',
          ),
        ]);
    }
  };
  let k = 0;
  for (let t = rollAt + 90_000; t < NOW; t += 97_000, k++)
    if (!synthRuns.some((s) => Math.abs(s + 3_000 - t) < 5_000)) checkoutCall(t, hex(`qa:${t}`, 32), k, false);
  for (const s of synthPods) checkoutCall(s.at + 3_104, s.trace, k++, true);
  for (const p of checkout.pods) {
    const start = Date.parse(p.status.containerStatuses[0].state.running.startedAt);
    coLines
      .get(p.metadata.name)
      .push([
        start + 400,
        zap('info', start + 400, 'cmd/checkout/main.go:40', 'checkout-api starting', { version: '4.12.1', ledger: 'https://ledger.payments.svc:8443' }, 'time'),
      ]);
    logs[`payments/${p.metadata.name}/checkout-api`] = logText(p.metadata.name, coLines.get(p.metadata.name));
  }
  for (const p of ledger.pods) logs[`payments/${p.metadata.name}/ledger`] = logText(p.metadata.name, ledgerLines.get(p.metadata.name));

  // The synthetic's own log.
  for (const s of synthPods) {
    const t = s.at + 3_100;
    const lines = [[s.at + 2_400, `synthetic 0.9.2 checkout target=http://checkout-api.payments.svc:8080 trace_id=${s.trace}`]];
    lines.push([t, `POST /v1/checkout/confirm trace_id=${s.trace}`]);
    if (s.ok) lines.push([t + 72, `200 OK in 72ms; order confirmed trace_id=${s.trace}`], [t + 5_200, 'PASS checkout (5.3s)']);
    else
      lines.push(
        [t + 21, `502 Bad Gateway in 21ms: {"error":"ledger unavailable"} trace_id=${s.trace}`],
        [t + 24, `FAIL checkout: expected 200 from /v1/checkout/confirm, got 502 (trace_id=${s.trace})`],
      );
    logs[`payments/${s.pod.metadata.name}/synthetic`] = logText(s.pod.metadata.name, lines);
  }

  // fraud-scorer: busy since the morning batch of payment intents.
  for (const [i, p] of fraud.pods.entries()) {
    const lines = [];
    for (let t = NOW - 59 * MIN + i * 9_000; t < NOW; t += 4 * MIN)
      lines.push([t, zap('info', t, 'score/batch.go:77', 'scored batch', { size: 500, p99_ms: 410 + i * 13, model: 'gbm-v12' }, 'time')]);
    logs[`payments/${p.metadata.name}/fraud-scorer`] = logText(p.metadata.name, lines);
  }
  logs[`batch/${evicted.metadata.name}/export`] = '';
  logs[`batch/${retry.metadata.name}/export`] = logText(retry.metadata.name, [
    [evictedAt + 8_000, 'invoice-export 2.1.0 month=2026-02 format=pdf'],
    [at('2026-03-02T07:26:40Z'), 'exported 18422 invoices to az://invoices-staging/2026-02/ in 15m32s'],
  ]);

  // ---- events of the last hour ------------------------------------------------------------------
  const kubelet = (o, host, reason, message, first, fieldPath) => event({ about: o, reason, message, first, component: 'kubelet', host, fieldPath });
  objects.push(
    event({
      about: issuer,
      reason: 'ErrGetKeyPair',
      message: 'Error getting keypair for CA issuer: secrets "payments-internal-ca-keypair" not found',
      type: 'Warning',
      count: 86,
      first: CA_GONE,
      last: NOW - 35 * MIN - 5_000,
      component: 'cert-manager-issuers',
    }),
    event({
      about: issuer,
      reason: 'ErrInitIssuer',
      message: 'Error initializing issuer: secrets "payments-internal-ca-keypair" not found',
      type: 'Warning',
      count: 86,
      first: CA_GONE,
      last: NOW - 35 * MIN - 5_000,
      component: 'cert-manager-issuers',
    }),
  );
  const [oldRS, newRS] = checkout.replicaSets;
  const steps = [
    [0, `Scaled up replica set ${newRS.metadata.name} to 1`],
    [24_500, `Scaled down replica set ${oldRS.metadata.name} to 2 from 3`],
    [24_600, `Scaled up replica set ${newRS.metadata.name} to 2 from 1`],
    [55_500, `Scaled down replica set ${oldRS.metadata.name} to 1 from 2`],
    [55_600, `Scaled up replica set ${newRS.metadata.name} to 3 from 2`],
    [86_500, `Scaled down replica set ${oldRS.metadata.name} to 0 from 1`],
  ];
  for (const [d, m] of steps)
    objects.push(event({ about: checkout.deploy, reason: 'ScalingReplicaSet', message: m, first: rollAt + d, component: 'deployment-controller' }));
  for (const p of checkout.pods) {
    const c = Date.parse(p.metadata.creationTimestamp);
    objects.push(
      event({ about: newRS, reason: 'SuccessfulCreate', message: `Created pod: ${p.metadata.name}`, first: c, component: 'replicaset-controller' }),
      event({
        about: p,
        reason: 'Scheduled',
        message: `Successfully assigned payments/${p.metadata.name} to ${p.spec.nodeName}`,
        first: c,
        component: 'default-scheduler',
      }),
      kubelet(p, p.spec.nodeName, 'Pulling', `Pulling image "${ACR}/payments/checkout-api:4.12.1"`, c + 1_000, 'spec.containers{checkout-api}'),
      kubelet(
        p,
        p.spec.nodeName,
        'Pulled',
        `Successfully pulled image "${ACR}/payments/checkout-api:4.12.1" in 4.871s (4.871s including waiting). Image size: 31240117 bytes.`,
        c + 6_000,
        'spec.containers{checkout-api}',
      ),
      kubelet(p, p.spec.nodeName, 'Created', 'Created container checkout-api', c + 6_400, 'spec.containers{checkout-api}'),
      kubelet(p, p.spec.nodeName, 'Started', 'Started container checkout-api', c + 7_000, 'spec.containers{checkout-api}'),
    );
  }
  for (const s of synthPods) {
    if (s.at < NOW - 60 * MIN) continue;
    objects.push(
      event({ about: cron, reason: 'SuccessfulCreate', message: `Created job ${s.job.metadata.name}`, first: s.at, component: 'cronjob-controller' }),
    );
    objects.push(event({ about: s.job, reason: 'SuccessfulCreate', message: `Created pod: ${s.pod.metadata.name}`, first: s.at, component: 'job-controller' }));
    objects.push(
      event({
        about: cron,
        reason: 'SawCompletedJob',
        message: `Saw completed job: ${s.job.metadata.name}, status: ${s.ok ? 'Complete' : 'Failed'}`,
        first: s.at + (s.ok ? 9_500 : 7_200),
        component: 'cronjob-controller',
      }),
    );
    if (!s.ok)
      objects.push(
        event({
          about: s.job,
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
          type: 'Warning',
          first: s.at + 7_100,
          component: 'job-controller',
        }),
      );
  }
  objects.push(
    event({ about: exportJob, reason: 'Completed', message: 'Job completed', first: at('2026-03-02T07:26:44Z'), component: 'job-controller' }),
    event({
      about: exportCron,
      reason: 'SawCompletedJob',
      message: `Saw completed job: ${ejn}, status: Complete`,
      first: at('2026-03-02T07:26:45Z'),
      component: 'cronjob-controller',
    }),
  );

  const manifest = {
    format: 'triage-bundle/v1',
    capturedAt: ts(NOW),
    context: 'payments-staging',
    serverVersion: {
      major: '1',
      minor: '29',
      gitVersion: AKS,
      gitCommit: '114a2c4c6f6f0c1b8f4a5f5c1d0e8b2f6a7c9d3e',
      gitTreeState: 'clean',
      buildDate: '2025-01-21T19:24:13Z',
      goVersion: 'go1.22.10',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
    namespaces: ['payments', 'batch', 'cert-manager'],
    since: '1h',
    failures: [],
  };
  return { manifest, objects, logs, files: {}, extraKinds };
}
