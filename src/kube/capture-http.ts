// What the plan's HTTP endpoints (health, deployed build info) answered at capture time,
// one JSON file each under files/. Header values are sent, never written.
import { join } from 'node:path';
import type { CaptureFailure } from './bundle';
import type { Plan } from '../plan/schema';
import { makePrivateDir, writePrivateFile } from '../files';

export interface HttpTarget {
  /** `health` or `buildinfo`: the folder under files/. */
  folder: string;
  name: string;
  url: string;
  headers?: { name: string; value?: string; fromEnv?: string }[];
}

const TIMEOUT_MS = 8_000;
/** Enough for a health or build-info answer; more is cut and marked. */
const BODY_LIMIT = 64 * 1024;

/** The HTTP endpoints a plan names: health endpoints and where the deployed build reports its SHA. */
export function httpTargetsOf(plan: Plan): HttpTarget[] {
  return [
    ...plan.health.map((h) => ({ folder: 'health', name: h.name, url: h.url, headers: h.headers })),
    ...(plan.build?.deployed ?? []).map((d) => ({ folder: 'buildinfo', name: d.name, url: d.url })),
  ];
}

function fileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'endpoint'}.json`;
}

export async function captureHttpFiles(
  targets: readonly HttpTarget[],
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
  signal: AbortSignal | undefined,
  onDone: (count: number) => void,
  /** Applied to the answer (body, URL) before it is written, unless the capture is raw. */
  redact: (text: string) => string = (text) => text,
): Promise<{ written: number; failures: CaptureFailure[] }> {
  const failures: CaptureFailure[] = [];
  let written = 0;
  let done = 0;
  await Promise.all(
    targets.map(async (target) => {
      const what = `files/${target.folder}/${fileName(target.name)}`;
      const headers: Record<string, string> = {};
      for (const h of target.headers ?? []) {
        const value = h.fromEnv ? env[h.fromEnv] : h.value;
        if (value !== undefined) headers[h.name] = value;
      }
      const started = Date.now();
      const deadline = AbortSignal.timeout(TIMEOUT_MS);
      try {
        const res = await fetch(target.url, { headers, signal: signal ? AbortSignal.any([signal, deadline]) : deadline, redirect: 'manual' });
        const text = await res.text();
        const record = {
          name: target.name,
          url: redact(target.url),
          method: 'GET',
          at: new Date(started).toISOString(),
          durationMs: Date.now() - started,
          status: res.status,
          contentType: res.headers.get('content-type') ?? undefined,
          // Redacted whole, then cut: a cut never leaves part of a secret the rules would have found.
          body: redact(text).slice(0, BODY_LIMIT),
          ...(text.length > BODY_LIMIT ? { bodyTruncated: true } : {}),
        };
        makePrivateDir(join(dir, target.folder));
        writePrivateFile(join(dir, target.folder, fileName(target.name)), `${JSON.stringify(record, null, 2)}\n`);
        written++;
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        failures.push({
          what,
          error: deadline.aborted ? `no answer from ${target.url} within ${TIMEOUT_MS / 1000}s` : `${target.url}: ${cause ?? (error as Error).message}`,
        });
      }
      onDone(++done);
    }),
  );
  return { written, failures };
}
