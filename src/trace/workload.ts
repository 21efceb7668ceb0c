/** A pod's workload: `checkout-7d9f8b6c5-x2x4z` → `checkout`, `db-0` → `db`. */
export function workloadOf(pod: string): string {
  return pod
    .replace(/-[a-z0-9]{6,10}-[a-z0-9]{5}$/, '')
    .replace(/-[a-z0-9]{5}$/, '')
    .replace(/-\d+$/, '');
}
