/**
 * A pod's workload from its name alone (the trace has no owner references to read):
 * `checkout-7d9f8b6c5-x2x4z` → `checkout` (Deployment), `db-0` → `db` (StatefulSet),
 * `nightly-28123456-k8v2n` → `nightly` (a CronJob's Job), `agent-x2x4z` → `agent`.
 * One rule applies, not a chain: a Deployment named `svc-0000` keeps its number.
 */
export function workloadOf(pod: string): string {
  const replicaSetPod = /-[a-z0-9]{6,10}-[a-z0-9]{5}$/;
  if (replicaSetPod.test(pod)) return pod.replace(replicaSetPod, '');
  const generatedPod = /-[a-z0-9]{5}$/;
  if (generatedPod.test(pod)) return pod.replace(generatedPod, '').replace(/-\d+$/, '');
  return pod.replace(/-\d+$/, '');
}
