// The API server version, and kubelets outside the supported skew or on mixed versions.
import { nodeSchema, type Node } from '../../analyze/resources';
import { conclude, plural, type Finding } from '../../analyze/findings';
import { groupBy } from '../../analyze/running';
import { analyzeOptions, kubeCheck, listClusterObjects, type AnalyzeOptions } from '../kit';

/** Kubelets may be up to this many minors older than the API server (version skew policy). */
const MAX_KUBELET_LAG = 3;

function minor(version: string | undefined): number | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? Number(m[2]) : undefined;
}

interface ServerInput {
  server: { gitVersion: string; platform?: unknown };
  nodes: readonly Node[];
}

export function analyzeServerVersion(input: ServerInput, o: AnalyzeOptions): ReturnType<typeof conclude> {
  const server = input.server.gitVersion;
  const serverMinor = minor(server);
  const byVersion = groupBy(input.nodes, (n) => n.status.nodeInfo?.kubeletVersion ?? 'unknown');
  const findings: Finding[] = [];
  for (const [version, nodes] of byVersion) {
    const m = minor(version);
    if (m === undefined || serverMinor === undefined) continue;
    const names = nodes
      .slice(0, 3)
      .map((n) => n.metadata.name)
      .join(', ');
    if (m > serverMinor || serverMinor - m > MAX_KUBELET_LAG) {
      findings.push({
        status: m > serverMinor ? 'fail' : 'warn',
        headline: `${plural(nodes.length, 'node')} on kubelet ${version}, server ${server}`,
        source: `node/${nodes[0]!.metadata.name}`,
        lines: [
          {
            text: `kubelet ${version} on ${names}${nodes.length > 3 ? ', …' : ''}: ${m > serverMinor ? 'newer than the API server' : `more than ${MAX_KUBELET_LAG} minors behind`} ${server}`,
          },
        ],
        bucket: 'version-drift',
        replay: o.kubectl('get', 'nodes', '-o', 'wide'),
        weight: m > serverMinor ? 10 : 5,
      });
    }
  }
  const kubelets = [...byVersion].map(([v, nodes]) => `${v} (${plural(nodes.length, 'node')})`).join(', ');
  const platform = typeof input.server.platform === 'string' ? ` ${input.server.platform}` : '';
  return conclude(findings, {
    kind: 'version',
    problem: (n) => `${plural(n, 'kubelet version')} outside the supported skew`,
    quiet: `API server ${server}${platform}${kubelets ? `; kubelets ${kubelets}` : ''}`,
    replay: o.kubectl('version'),
    context: [{ text: `API server ${server}${platform}${byVersion.size > 1 ? `; mixed kubelets: ${kubelets}` : ''}`, source: 'apiserver' }],
  });
}

export const serverCheck = kubeCheck({
  name: 'server',
  step: 'versions',
  title: 'API server and kubelet versions',
  async run(ctx, cluster) {
    const [server, nodes] = await Promise.all([cluster.serverVersion(), listClusterObjects(cluster, 'nodes', '', nodeSchema)]);
    return analyzeServerVersion({ server, nodes }, analyzeOptions(ctx, cluster));
  },
});
