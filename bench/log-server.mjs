// A loopback Kubernetes API for log benchmarks: N pods labelled app=x in namespace `bench`,
// each writing R lines a second to every follow of its log (`?follow=true`), with the
// discovery kubectl needs. Run: node bench/log-server.mjs --pods 50 --rate 20 --kubeconfig FILE
// (prints `listening URL`), or import startLogServer. GET /stats answers the lines written so far.
//
// The rate is kept exactly: each tick writes a follow the lines it is owed since it opened, so a
// late timer (a loaded machine, the client under test taking the CPU) never lowers what is
// offered. With `drift: true` (--drift) each tick writes one line, as a plain setInterval does,
// and every late tick is a line fewer for whichever client is measured then.
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';

export const NAMESPACE = 'bench';

export async function startLogServer({ pods = 50, rate = 20, drift = false } = {}) {
  const names = Array.from({ length: pods }, (_, i) => `x-${String(i).padStart(3, '0')}`);
  const following = new Set();
  let sent = 0;
  const json = (res, body) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body));
  };
  const pod = (name) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, uid: `uid-${name}`, labels: { app: 'x' }, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { containers: [{ name: 'app', image: 'x:1' }] },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'x:1', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }],
    },
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/stats') return json(res, { sent, following: following.size });
    if (path === '/version') return json(res, { major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' });
    if (path === '/api')
      return json(res, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: req.headers.host }] });
    if (path === '/apis') return json(res, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    if (path === '/api/v1')
      return json(res, {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [
          { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list', 'watch'], shortNames: ['po'] },
          { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
        ],
      });
    if (path === `/api/v1/namespaces/${NAMESPACE}/pods`)
      return json(res, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: names.map(pod) });
    const one = new RegExp(`^/api/v1/namespaces/${NAMESPACE}/pods/([^/]+)$`).exec(path);
    if (one && names.includes(one[1])) return json(res, pod(one[1]));
    const log = new RegExp(`^/api/v1/namespaces/${NAMESPACE}/pods/([^/]+)/log$`).exec(path);
    if (log && names.includes(log[1])) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      if (url.searchParams.get('follow') !== 'true') return res.end();
      const stream = { name: log[1], res, timestamps: url.searchParams.get('timestamps') === 'true', n: 0, since: performance.now() };
      following.add(stream);
      res.on('close', () => following.delete(stream));
      return;
    }
    res.statusCode = 404;
    json(res, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${path} not found` });
  });
  // One tick every 1/rate s: each open follow gets the lines it is owed (one, on time), in one write.
  const ticker = setInterval(() => {
    const now = new Date().toISOString();
    const at = performance.now();
    for (const s of following) {
      const owed = drift ? 1 : Math.floor(((at - s.since) * rate) / 1000) - s.n;
      let text = '';
      for (let i = 0; i < owed; i++) {
        s.n++;
        sent++;
        text += `${s.timestamps ? `${now} ` : ''}level=info pod=${s.name} msg="handled request" seq=${s.n}\n`;
      }
      if (text) s.res.write(text);
    }
  }, 1000 / rate);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    following,
    sent: () => sent,
    kubeconfig: () =>
      `apiVersion: v1\nkind: Config\ncurrent-context: bench\nclusters:\n- name: bench\n  cluster: {server: "${url}"}\ncontexts:\n- name: bench\n  context: {cluster: bench, user: u, namespace: ${NAMESPACE}}\nusers:\n- name: u\n  user: {token: t}\n`,
    close: async () => {
      clearInterval(ticker);
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
  const served = await startLogServer({ pods: Number(arg('--pods', 50)), rate: Number(arg('--rate', 20)), drift: process.argv.includes('--drift') });
  const file = arg('--kubeconfig');
  if (file) writeFileSync(file, served.kubeconfig());
  process.stdout.write(`listening ${served.url}\n`);
  process.on('SIGTERM', () => served.close().then(() => process.exit(0)));
}
