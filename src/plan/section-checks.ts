// The plan's sections as checks of the configurable kinds: one small function per section.
import type { Check } from '../checks/types';
import { httpKind } from '../checks/kinds/http';
import { tcpKind } from '../checks/kinds/tcp';
import { envKind } from '../checks/kinds/env';
import { junitKind } from '../checks/kinds/junit';
import { fileKind } from '../checks/kinds/file';
import { logsKind } from '../checks/kinds/logs';
import type { Plan } from './schema';
import { slug } from './slug';

/** `health` → GET each endpoint (environment). */
export function healthChecks(plan: Plan): Check[] {
  return plan.health.map((h, i) => ({
    ...httpKind.create(
      {
        kind: 'http',
        name: `health-${slug(h.name, String(i + 1))}`,
        title: `GET ${h.name} ${new URL(h.url).pathname}`,
        method: 'GET',
        url: h.url,
        headers: h.headers ?? [],
        expectStatus: h.expectStatus ?? 200,
        ...(h.bodyMatches === undefined ? {} : { bodyMatches: h.bodyMatches }),
      },
      'environment',
      i,
    ),
    about: { subject: h.name, kind: 'probe' as const, object: `http:${h.name} ${new URL(h.url).pathname}` },
  }));
}

/** `ports` → connect to each (environment). */
export function portChecks(plan: Plan): Check[] {
  return plan.ports.map((p, i) => ({
    ...tcpKind.create(
      {
        kind: 'tcp',
        name: `port-${slug(p.name ?? `${p.host}-${p.port}`, String(i + 1))}`,
        title: `TCP ${p.name ? `${p.name} ` : ''}${p.host}:${p.port}`,
        host: p.host,
        port: p.port,
      },
      'environment',
      i,
    ),
    about: { subject: p.name ?? `${p.host}:${p.port}`, kind: 'probe' as const, object: `tcp:${p.host}:${p.port}` },
  }));
}

/** `requiredEnv` → which names are set (auth-config); values are never read out. */
export function requiredEnvChecks(plan: Plan): Check[] {
  if (plan.requiredEnv.length === 0) return [];
  return [
    {
      ...envKind.create({ kind: 'env', name: 'required-env', title: 'Required environment names', names: plan.requiredEnv }, 'auth-config', 0),
      about: { subject: 'environment', kind: 'access', object: 'env' },
    },
  ];
}

/** `junit` → one check over every report (contract). */
export function junitReportChecks(plan: Plan): Check[] {
  if (plan.junit.length === 0) return [];
  return [junitKind.create({ kind: 'junit', name: 'junit', title: `Failing tests in ${plan.junit.join(', ')}`, paths: plan.junit }, 'contract', 0)];
}

/** `artifacts` → each exists, is non-empty, long and fresh enough (data-path). */
export function artifactChecks(plan: Plan): Check[] {
  return plan.artifacts.map((a, i) => ({
    ...fileKind.create(
      {
        kind: 'file',
        name: `artifact-${slug(a.path, String(i + 1))}`,
        title: `Artifact ${a.path}`,
        path: a.path,
        nonEmpty: true,
        ...(a.minLines === undefined ? {} : { minLines: a.minLines }),
        ...(a.maxAge === undefined ? {} : { maxAge: a.maxAge }),
      },
      'data-path',
      i,
    ),
    about: { subject: a.path, kind: 'artifact' as const, object: `file:${a.path}` },
  }));
}

/** `logs` → the tail of each file with its patterns (observability). */
export function logChecks(plan: Plan): Check[] {
  return plan.logs.map((l, i) => ({
    ...logsKind.create(
      {
        kind: 'logs',
        name: `log-${slug(l.path, String(i + 1))}`,
        title: `Log ${l.path}`,
        path: l.path,
        mustMatch: l.mustMatch ?? [],
        mustNotMatch: l.mustNotMatch ?? [],
        ...(l.tail === undefined ? {} : { tail: l.tail }),
        ...(l.since === undefined ? {} : { since: l.since }),
      },
      'observability',
      i,
    ),
    about: { subject: l.path, kind: 'log' as const, object: `file:${l.path}` },
  }));
}
