import type { LoadedPlan } from '../plan/load';
import { demoPlan } from './plan';
import { startDemoServices, type DemoServices } from './services';
import { createDemoWorkspace, type DemoWorkspace } from './workspace';
import { fixturePath } from './fixtures';
import { DEMO_TITLE, MISSING_ENV, PRESENT_ENV } from './story';

/** A running demo incident: what the walk needs, and how to stop everything it started. */
export interface DemoIncident {
  plan: LoadedPlan;
  /** The caller's environment with the demo's names: one required name set, one missing. */
  env: NodeJS.ProcessEnv;
  title: string;
  /** The captured cluster of the same incident: the caller serves it in-process (read-only, started on first use). */
  bundle: string;
  services: DemoServices;
  workspace: DemoWorkspace;
  /** Stops the services and the log, removes the workspace; safe to call twice. */
  stop(): Promise<void>;
}

/** `keepIn`: the workspace's folder, kept after quit so the note's replay lines still read it (the CLI's `.triage/demo/<id>`); else a temporary one. */
export async function startDemoIncident(baseEnv: NodeJS.ProcessEnv, keepIn?: string): Promise<DemoIncident> {
  const bundle = fixturePath('demo-bundle');
  const workspace = createDemoWorkspace(keepIn);
  let services: DemoServices;
  try {
    services = await startDemoServices();
  } catch (error) {
    workspace.remove();
    throw error;
  }
  const env: NodeJS.ProcessEnv = { ...baseEnv, [PRESENT_ENV]: services.gatewayUrl };
  delete env[MISSING_ENV];
  let stopping: Promise<void> | undefined;
  return {
    plan: demoPlan(services, workspace),
    env,
    title: DEMO_TITLE,
    bundle,
    services,
    workspace,
    stop() {
      stopping ??= services.close().finally(() => workspace.remove());
      return stopping;
    },
  };
}
